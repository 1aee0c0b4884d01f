import type { PrismaClient } from "../../lib/db/generated/client";
import { threadEventStream } from "../../lib/events/stream";
import type { ThreadEvent } from "../../lib/events/types";
import { repliesInProgress } from "../../lib/runs/replies";

/** Reads Server-Sent Events frames from a stream, for assertions on what a viewer received. */
export class SseReader<Event = ThreadEvent> {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = "";
  readonly received: { id?: number; event: Event }[] = [];
  done = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  /** Reads until `predicate` holds for what was received, or fails after `timeoutMs`. */
  async until(predicate: (received: SseReader<Event>["received"]) => boolean, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (this.done) throw new Error(`stream ended; received ${JSON.stringify(this.received.map((r) => r.event))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; received ${JSON.stringify(this.received.map((r) => [r.id, r.event]))}`);
      const chunk = await Promise.race([this.reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), left))]);
      if (chunk === null) continue;
      if (chunk.done) {
        this.done = true;
        continue;
      }
      this.buffer += this.decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = this.buffer.indexOf("\n\n")) >= 0) {
        const frame = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const data = frame.split("\n").find((line) => line.startsWith("data: "));
        if (!data) continue;
        const id = frame.split("\n").find((line) => line.startsWith("id: "));
        this.received.push({ id: id ? Number(id.slice(4)) : undefined, event: JSON.parse(data.slice(6)) as Event });
      }
    }
  }

  durable() {
    return this.received.filter((frame) => frame.id !== undefined);
  }
}

/** A viewer of the thread's event stream, as the events route opens it. */
export function watchThread(
  prisma: PrismaClient,
  { threadId, userId, afterSeq = 0, signal = new AbortController().signal }: { threadId: string; userId: string; afterSeq?: number; signal?: AbortSignal },
): SseReader {
  return new SseReader(threadEventStream(prisma, { threadId, userId, afterSeq, signal, repliesInProgress: () => repliesInProgress(prisma, threadId) }));
}
