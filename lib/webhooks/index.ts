import "server-only";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Env } from "../config";
import { checkWebhookUrl, guardedLookup, urlPort, WebhookAddressError } from "./address";
import { CALL_ID_HEADER, SIGNATURE_HEADER, signWebhook } from "./signature";

export { newWebhookSecret, SIGNATURE_HEADER, verifyWebhook } from "./signature";

/** What is read of a webhook's answer; the output the model gets is shortened further by the caller. */
const MAX_RESPONSE_BYTES = 256 * 1024;
const MAX_BACKOFF_MS = 10_000;

export type WebhookDelivery = {
  url: string;
  secret: string;
  /** JSON-serialisable; sent as the request body and signed. */
  payload: unknown;
  /** Sent as a header so that a receiver can recognise a retry of a call it already handled. */
  callId: string;
  timeoutMs: number;
  retries: number;
  signal?: AbortSignal;
};

export type WebhookAttempt = { status: number | null; error: string | null; durationMs: number };
export type WebhookResult = { ok: true; body: string; attempts: WebhookAttempt[] } | { ok: false; error: string; attempts: WebhookAttempt[] };

class AttemptError extends Error {
  constructor(
    message: string,
    /** Worth another try: a timeout, a dropped connection or a 5xx. */
    readonly retryable: boolean,
    readonly status: number | null = null,
    /** Refused by the address check: the message says it all. */
    readonly refused = false,
  ) {
    super(message);
  }
}

function readCapped(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    response.on("data", (part: Buffer) => {
      if (size >= MAX_RESPONSE_BYTES) return;
      parts.push(part.subarray(0, MAX_RESPONSE_BYTES - size));
      size += part.length;
      if (size >= MAX_RESPONSE_BYTES) response.destroy();
    });
    response.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    response.on("close", () => resolve(Buffer.concat(parts).toString("utf8")));
    response.on("error", reject);
  });
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/** One POST, refused before connecting if the address is, and given up after `timeoutMs` in all. */
function attempt(url: URL, body: string, delivery: WebhookDelivery, env: Env): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(url, {
      method: "POST",
      lookup: guardedLookup(urlPort(url), env) as never,
      headers: {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "user-agent": "Roundtable-Webhook/1",
        [CALL_ID_HEADER]: delivery.callId,
        // Signed at each attempt, so that a retry carries a fresh timestamp.
        [SIGNATURE_HEADER]: signWebhook(delivery.secret, body),
      },
    });
    const timer = setTimeout(() => request.destroy(new AttemptError(`no answer within ${delivery.timeoutMs / 1000} seconds`, true)), delivery.timeoutMs);
    const abort = () => request.destroy(new AttemptError("the run was stopped", false));
    delivery.signal?.addEventListener("abort", abort, { once: true });
    const done = () => {
      clearTimeout(timer);
      delivery.signal?.removeEventListener("abort", abort);
    };
    request.on("response", (response) => {
      readCapped(response).then(
        (text) => {
          done();
          resolve({ status: response.statusCode ?? 0, body: text });
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
    request.on("error", (error) => {
      done();
      if (error instanceof AttemptError) return reject(error);
      if (error instanceof WebhookAddressError) return reject(new AttemptError(error.message, false, null, true));
      reject(new AttemptError(`could not connect (${(error as NodeJS.ErrnoException).code ?? error.message})`, true));
    });
    request.end(body);
  });
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/**
 * POSTs the payload, signed, and returns the response body of the first 2xx answer. Timeouts,
 * dropped connections and 5xx answers are retried with exponential backoff; everything else ends
 * at once. Never throws: a failure is described for the model, which gets it as the output.
 */
export async function deliverWebhook(delivery: WebhookDelivery, env: Env = process.env): Promise<WebhookResult> {
  const attempts: WebhookAttempt[] = [];
  let url: URL;
  try {
    url = new URL(delivery.url);
    checkWebhookUrl(url, env);
  } catch (error) {
    return { ok: false, error: error instanceof WebhookAddressError ? error.message : "The webhook address is not a valid URL.", attempts };
  }
  const body = JSON.stringify(delivery.payload);
  const backoffMs = Number(env.WEBHOOK_RETRY_BACKOFF_MS || 500);
  for (let index = 0; ; index++) {
    const started = Date.now();
    let failure: AttemptError;
    try {
      const answer = await attempt(url, body, delivery, env);
      attempts.push({ status: answer.status, error: null, durationMs: Date.now() - started });
      if (answer.status >= 200 && answer.status < 300) return { ok: true, body: answer.body, attempts };
      const detail = excerpt(answer.body);
      failure = new AttemptError(`it answered HTTP ${answer.status}${detail ? `: ${detail}` : ""}`, answer.status >= 500, answer.status);
    } catch (error) {
      failure = error instanceof AttemptError ? error : new AttemptError(error instanceof Error ? error.message : String(error), false);
      attempts.push({ status: null, error: failure.message, durationMs: Date.now() - started });
    }
    if (failure.refused) return { ok: false, error: failure.message, attempts };
    if (!failure.retryable || index >= delivery.retries || delivery.signal?.aborted) {
      const tries = attempts.length === 1 ? "" : ` (${attempts.length} attempts)`;
      return { ok: false, error: `The webhook failed${tries}: ${failure.message}.`, attempts };
    }
    await sleep(Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** index), delivery.signal);
  }
}
