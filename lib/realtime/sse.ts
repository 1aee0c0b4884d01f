import "server-only";
import { onShutdown } from "../lifecycle";

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

export type EventSink<T> = {
  /** Sends one event; a durable one carries its id, after which a reconnecting client resumes. */
  send(event: T, id?: number): void;
  /** Runs `work` after the work queued before it, so that output keeps the order events were handled in. */
  step(work: () => Promise<void> | void): void;
  close(): void;
};

/**
 * A Server-Sent Events stream fed by `open`, which subscribes to what it needs and returns the
 * function that releases it. The stream ends when the client goes away (`signal`), when the code
 * feeding it closes it, when a step fails, or when the server stops (lib/lifecycle, "streams"
 * phase): browsers reconnect by themselves and resume where they were.
 */
export function eventStream<T>(signal: AbortSignal, open: (sink: EventSink<T>) => Promise<() => void>): ReadableStream<Uint8Array> {
  let closed = false;
  let close = () => void (closed = true);
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let release: (() => void) | null = null;
      let stopping = () => {};
      let queue = Promise.resolve();
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const heartbeat = setInterval(() => write(": ping\n\n"), HEARTBEAT_MS);
      close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        stopping();
        signal.removeEventListener("abort", close);
        release?.();
        try {
          controller.close();
        } catch {
          // Already closed by the client going away.
        }
      };
      const sink: EventSink<T> = {
        send: (event, id) => write(`${id === undefined ? "" : `id: ${id}\n`}data: ${JSON.stringify(event)}\n\n`),
        step: (work) => {
          queue = queue
            .then(() => (closed ? undefined : work()))
            .catch((error: unknown) => {
              console.error("event stream failed", error);
              close();
            });
        },
        close: () => close(),
      };
      stopping = onShutdown("streams", close);
      signal.addEventListener("abort", close);
      if (signal.aborted) return close();
      write("retry: 1000\n\n");
      try {
        const opened = await open(sink);
        if (closed) opened();
        else release = opened;
      } catch (error) {
        console.error("event stream could not start", error);
        close();
      }
    },
    cancel() {
      close();
    },
  });
}

/** The HTTP response for an event stream (unbuffered, so that proxies pass each event on at once). */
export function eventStreamResponse(stream: ReadableStream<Uint8Array>): Response {
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    },
  });
}
