// What a thread's live stream carries. Types only: shared by the server and the browser.
import type { MessageDTO } from "../messages/dto";
import type { ThreadDTO } from "../threads/dto";

/** Stored in ThreadEvent with a per-thread sequence number: a reconnecting client resumes after the last one it saw. */
export type DurableEventPayload =
  | { type: "message.created"; message: MessageDTO }
  | { type: "message.updated"; message: MessageDTO }
  | { type: "thread.updated"; thread: ThreadDTO };

export type DurableThreadEvent = DurableEventPayload & { seq: number };

/** Delivered live only; a client that was away has no use for them. */
export type EphemeralThreadEvent =
  | { type: "typing"; user: { id: string; name: string } }
  | { type: "presence"; online: string[] }
  /** Sent when a client is too far behind to catch up event by event: it reloads the thread. */
  | { type: "reset" };

export type ThreadEvent = DurableThreadEvent | EphemeralThreadEvent;

export function isDurable(event: ThreadEvent): event is DurableThreadEvent {
  return "seq" in event;
}
