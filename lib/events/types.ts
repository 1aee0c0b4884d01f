// What the live streams carry. Types only: shared by the server and the browser.
import type { MessageDTO } from "../messages/dto";
import type { RunDTO } from "../runs/dto";
import type { ThreadDTO, ThreadListItem } from "../threads/dto";

/** Stored in ThreadEvent with a per-thread sequence number: a reconnecting client resumes after the last one it saw. */
export type DurableEventPayload =
  | { type: "message.created"; message: MessageDTO }
  | { type: "message.updated"; message: MessageDTO }
  | { type: "thread.updated"; thread: ThreadDTO }
  | { type: "run.updated"; run: RunDTO };

export type DurableThreadEvent = DurableEventPayload & { seq: number };

/** Delivered live only; a client that was away has no use for them. */
export type EphemeralThreadEvent =
  | { type: "typing"; user: { id: string; name: string } }
  | { type: "presence"; online: string[] }
  /** A streamed piece of an assistant's reply; `offset` is where it starts in the reply's text. */
  | { type: "message.delta"; messageId: string; offset: number; delta: string }
  /** A reply being written, as far as it has got: sent to a viewer who (re)connects mid-stream. */
  | { type: "message.snapshot"; message: MessageDTO }
  /** Sent when a client is too far behind to catch up event by event: it reloads the thread. */
  | { type: "reset" };

export type ThreadEvent = DurableThreadEvent | EphemeralThreadEvent;

export function isDurable(event: ThreadEvent): event is DurableThreadEvent {
  return "seq" in event;
}

/** What a person's own stream carries: the threads in their sidebar. Live only. */
export type PersonEvent =
  /** Every thread they are in, sent first on each (re)connection. */
  | { type: "threads"; threads: ThreadListItem[] }
  /** They were added to the thread, or its title or archived state changed. */
  | { type: "thread.updated"; thread: ThreadListItem }
  /** They are no longer a member. */
  | { type: "thread.removed"; threadId: string };
