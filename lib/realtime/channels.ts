import "server-only";
import type { PersonEvent, ThreadEvent } from "../events/types";
import type { Channel } from "./index";

// Every channel the app uses: what a bus between instances has to carry.

/** A thread's events, for everyone who has it open. */
export function threadChannel(threadId: string): Channel<ThreadEvent> {
  return { name: `thread:${threadId}` };
}

/** One person's events (their list of threads), for each of their open tabs. */
export function personChannel(userId: string): Channel<PersonEvent> {
  return { name: `person:${userId}` };
}

export type RunControl =
  /** A run may be ready to start: workers look at the queue now rather than at their next poll. */
  | { type: "wake" }
  /** A run was cancelled: the instance executing it stops its model stream. */
  | { type: "cancel"; runId: string };

export const runControlChannel: Channel<RunControl> = { name: "runs" };
