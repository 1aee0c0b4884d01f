import { performance } from "node:perf_hooks";

export type SseEvent = { type: string; [key: string]: any };
export type Listener = (event: SseEvent, at: number) => void;

/**
 * One viewer's GET /api/threads/:id/events: frames parsed as they arrive, each handed to the
 * listeners with performance.now() at the moment its bytes were read.
 */
export class SseViewer {
  private listeners = new Set<Listener>();
  private controller = new AbortController();
  /** Resolves once the server has sent its first `presence` event (subscribed, backlog sent). */
  readonly ready: Promise<void>;
  closed = false;

  constructor(url: string, cookie: string) {
    let markReady!: () => void;
    let fail!: (error: unknown) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      fail = reject;
    });
    const readyListener: Listener = (event) => {
      if (event.type === "presence") {
        this.listeners.delete(readyListener);
        markReady();
      }
    };
    this.listeners.add(readyListener);
    void this.read(url, cookie).catch((error: unknown) => {
      if (!this.closed) fail(error);
    });
  }

  private async read(url: string, cookie: string) {
    const response = await fetch(url, { headers: { cookie, accept: "text/event-stream" }, signal: this.controller.signal });
    if (!response.ok || !response.body) throw new Error(`event stream answered HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
      const at = performance.now();
      buffer += decoder.decode(bytes, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n");
        if (!data) continue;
        const event = JSON.parse(data) as SseEvent;
        for (const listener of [...this.listeners]) listener(event, at);
      }
    }
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The arrival time of the first event for which `test` holds, from now on. */
  waitFor(test: (event: SseEvent) => boolean): Promise<{ event: SseEvent; at: number }> {
    return new Promise((resolve) => {
      const off = this.on((event, at) => {
        if (test(event)) {
          off();
          resolve({ event, at });
        }
      });
    });
  }

  close() {
    this.closed = true;
    this.controller.abort();
  }
}

export async function openViewers(url: string, cookies: string[], count: number): Promise<SseViewer[]> {
  const viewers: SseViewer[] = [];
  for (let i = 0; i < count; i++) viewers.push(new SseViewer(url, cookies[i % cookies.length]!));
  await Promise.all(viewers.map((viewer) => viewer.ready));
  return viewers;
}
