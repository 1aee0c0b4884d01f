import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server speaking the subset of the OpenAI API the app uses, so that tests and
 * benchmarks exercise the actual `openai` SDK, its HTTP client, SSE parsing and error mapping.
 */

export type ModelScript = {
  /** Applies only to requests whose last message's text contains this (case-sensitive) or whose `model` equals it. Scripts without match apply to any request. */
  match?: string;
  /** Reply text; split into chunks (default: words with their following spaces) when streaming. */
  reply?: string;
  /** Or exact chunks to stream. */
  chunks?: string[];
  /** Delay before each streamed chunk (and before the non-streaming reply). Default 0. */
  tokenDelayMs?: number;
  /** Answer this HTTP status with an OpenAI-style error body {error:{message,type,code}} instead of a reply. */
  status?: number;
  errorMessage?: string;
  /** Wait this long before sending any response headers (to provoke client timeouts). */
  hangMs?: number;
  /** Streaming only: after this many content chunks, destroy the socket without finishing the stream. */
  cutAfterChunks?: number;
  /**
   * Applies only to requests that carry tool outputs (tool messages after the last assistant
   * message), one of which contains this text; "" matches any tool output. For scripting a second
   * round: "after the outputs come back, answer this".
   */
  toolOutput?: string;
  /**
   * Reply with these tool calls instead of text (finish_reason "tool_calls"); streamed as OpenAI
   * streams tool_call deltas, arguments in pieces. Several are parallel calls in one turn.
   * `arguments` is sent as given, so it may be invalid JSON.
   */
  toolCalls?: { id?: string; name: string; arguments: string }[];
  /** Stream the argument pieces of parallel calls interleaved (call 0, call 1, call 0, …), as some providers do. */
  interleaveToolCalls?: boolean;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** How many requests this script answers (default 1); then it is used up. */
  times?: number;
};

export type RecordedRequest = { method: string; path: string; headers: Record<string, string>; body: any; receivedAt: number };

export type ModelServer = {
  /** e.g. "http://127.0.0.1:54321/v1": pass as baseURL to the openai SDK. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Queue scripts; each request uses the first unexpired queued script that matches, else the default reply. */
  script(...scripts: ModelScript[]): void;
  /** Forget scripts and recorded requests. */
  reset(): void;
  close(): Promise<void>;
};

export const DEFAULT_MODELS = ["test-model", "test-model-large"];

/** Tool-call arguments are streamed in pieces this long, so clients must accumulate them. */
const ARGUMENT_PIECE = 8;
const EMBEDDING_SIZE = 64;

type ToolCall = { id: string; name: string; arguments: string };
type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };
/** What a generation endpoint answers, whether streamed or not. */
type Answer = { text: string; chunks: string[]; toolCalls: ToolCall[]; usage: Usage; script: ModelScript | undefined };

export async function startModelServer(options: { port?: number; host?: string; models?: string[] } = {}): Promise<ModelServer> {
  const host = options.host ?? "127.0.0.1";
  const models = options.models ?? DEFAULT_MODELS;
  const requests: RecordedRequest[] = [];
  let queue: { script: ModelScript; remaining: number }[] = [];

  const script = (...scripts: ModelScript[]) => {
    for (const s of scripts) queue.push({ script: s, remaining: s.times ?? 1 });
  };
  const reset = () => {
    queue = [];
    requests.length = 0;
  };
  const take = (request: RequestView): ModelScript | undefined => {
    const index = queue.findIndex(({ script: s, remaining }) => remaining > 0 && matches(s, request));
    const entry = queue[index];
    if (!entry) return undefined;
    if (--entry.remaining <= 0) queue.splice(index, 1);
    return entry.script;
  };

  const answer = (request: RequestView, promptText: string): Answer => {
    const { model, lastText } = request;
    const s = take(request);
    const text = s?.reply ?? s?.chunks?.join("") ?? `Reply from ${model} to: ${lastText.slice(0, 200)}`;
    const toolCalls = (s?.toolCalls ?? []).map((call) => ({ ...call, id: call.id ?? `call_${randomUUID().replace(/-/g, "").slice(0, 24)}` }));
    const completionText = toolCalls.length ? toolCalls.map((call) => call.name + call.arguments).join("") : text;
    const usage = s?.usage ?? { prompt_tokens: estimateTokens(promptText), completion_tokens: estimateTokens(completionText) };
    return {
      text,
      chunks: s?.chunks ?? splitWords(text),
      toolCalls,
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      script: s,
    };
  };

  /** Shared start of every generation: optional hang, then the scripted error if any. Returns false when done. */
  const prelude = async (res: ServerResponse, signal: AbortSignal, s: ModelScript | undefined): Promise<boolean> => {
    if (s?.hangMs) await sleep(s.hangMs, signal);
    if (signal.aborted) return false;
    if (s?.status !== undefined) {
      sendError(res, s.status, s.errorMessage ?? `Scripted error ${s.status}`);
      return false;
    }
    return true;
  };

  const chatCompletions = async (res: ServerResponse, body: any, signal: AbortSignal) => {
    const messages: unknown[] | undefined = Array.isArray(body?.messages) ? body.messages : undefined;
    if (typeof body?.model !== "string" || !messages?.length) return sendError(res, 400, "`model` and a non-empty `messages` array are required.");
    const model: string = body.model;
    const lastText = messageText(messages[messages.length - 1]);
    const a = answer({ model, lastText, toolOutputs: trailingToolOutputs(messages) }, messages.map(messageText).join("\n"));
    if (!(await prelude(res, signal, a.script))) return;
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const delay = a.script?.tokenDelayMs ?? 0;

    if (body.stream !== true) {
      await sleep(delay, signal);
      if (signal.aborted) return;
      const message = a.toolCalls.length
        ? { role: "assistant", content: null, refusal: null, tool_calls: a.toolCalls.map(toolCallObject) }
        : { role: "assistant", content: a.text, refusal: null };
      const choice = { index: 0, message, logprobs: null, finish_reason: a.toolCalls.length ? "tool_calls" : "stop" };
      return sendJson(res, 200, { id, object: "chat.completion", created, model, choices: [choice], usage: a.usage });
    }

    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (delta: object, finishReason: string | null = null) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      // OpenAI marks every chunk but the last with usage: null when usage was asked for.
      ...(includeUsage ? { usage: null } : {}),
    });
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" });
    const send = (data: unknown) => write(res, `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);

    // Content deltas; the role arrives first, alone for text, with the first tool call otherwise.
    const deltas: object[] = [];
    if (a.toolCalls.length) {
      const perCall = a.toolCalls.map((call, index) => {
        const head = { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
        const pieces: object[] = [index === 0 ? { role: "assistant", content: null, tool_calls: [head] } : { tool_calls: [head] }];
        for (let at = 0; at < call.arguments.length; at += ARGUMENT_PIECE) {
          pieces.push({ tool_calls: [{ index, function: { arguments: call.arguments.slice(at, at + ARGUMENT_PIECE) } }] });
        }
        return pieces;
      });
      if (a.script?.interleaveToolCalls) {
        for (let round = 0; perCall.some((pieces) => round < pieces.length); round++) {
          for (const pieces of perCall) if (round < pieces.length) deltas.push(pieces[round]!);
        }
      } else deltas.push(...perCall.flat());
    } else {
      await send(chunk({ role: "assistant", content: "" }));
      deltas.push(...a.chunks.map((content) => ({ content })));
    }

    const cutAfter = a.script?.cutAfterChunks;
    for (const [sent, delta] of deltas.entries()) {
      if (sent === cutAfter) return void res.destroy();
      await sleep(delay, signal);
      if (signal.aborted) return;
      await send(chunk(delta));
    }
    if (cutAfter !== undefined) return void res.destroy();
    await send(chunk({}, a.toolCalls.length ? "tool_calls" : "stop"));
    if (includeUsage) await send({ id, object: "chat.completion.chunk", created, model, choices: [], usage: a.usage });
    await send("[DONE]");
    res.end();
  };

  const responses = async (res: ServerResponse, body: any, signal: AbortSignal) => {
    if (typeof body?.model !== "string" || body.input === undefined) return sendError(res, 400, "`model` and `input` are required.");
    if (body.stream === true) return sendError(res, 400, "This test server answers /v1/responses only without streaming.");
    const model: string = body.model;
    const items: unknown[] = typeof body.input === "string" ? [{ content: body.input }] : Array.isArray(body.input) ? body.input : [];
    const lastText = items.length ? messageText(items[items.length - 1]) : "";
    const promptText = [typeof body.instructions === "string" ? body.instructions : "", ...items.map(messageText)].join("\n");
    const a = answer({ model, lastText, toolOutputs: [] }, promptText);
    if (!(await prelude(res, signal, a.script))) return;
    await sleep(a.script?.tokenDelayMs ?? 0, signal);
    if (signal.aborted) return;
    const output = a.toolCalls.length
      ? a.toolCalls.map((call) => ({ type: "function_call", id: `fc_${call.id}`, call_id: call.id, name: call.name, arguments: call.arguments, status: "completed" }))
      : [{ type: "message", id: `msg_${randomUUID()}`, status: "completed", role: "assistant", content: [{ type: "output_text", text: a.text, annotations: [] }] }];
    sendJson(res, 200, {
      id: `resp_${randomUUID()}`,
      object: "response",
      created_at: Math.floor(Date.now() / 1000),
      status: "completed",
      model,
      output,
      error: null,
      incomplete_details: null,
      usage: { input_tokens: a.usage.prompt_tokens, output_tokens: a.usage.completion_tokens, total_tokens: a.usage.total_tokens },
    });
  };

  const embeddings = (res: ServerResponse, body: any) => {
    const input: unknown = body?.input;
    if (typeof body?.model !== "string" || input === undefined) return sendError(res, 400, "`model` and `input` are required.");
    // One string, an array of strings, or token arrays (hashed by their JSON text).
    const texts: string[] =
      typeof input === "string" ? [input]
      : Array.isArray(input) && input.every((item) => typeof item === "number") ? [JSON.stringify(input)]
      : Array.isArray(input) ? input.map((item) => (typeof item === "string" ? item : JSON.stringify(item)))
      : [JSON.stringify(input)];
    // The SDK asks for base64 unless told otherwise, and decodes it as little-endian float32.
    const base64 = body.encoding_format === "base64";
    const data = texts.map((text, index) => {
      const vector = embed(text);
      return { object: "embedding", index, embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector };
    });
    const tokens = estimateTokens(texts.join(""));
    sendJson(res, 200, { object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  };

  const modelObject = (id: string) => ({ id, object: "model", created: 1_700_000_000, owned_by: "roundtable-tests" });

  const control = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (req.method === "GET" && path === "/_control/requests") return sendJson(res, 200, requests);
    if (req.method === "POST" && path === "/_control/reset") {
      await readBody(req);
      reset();
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === "POST" && path === "/_control/script") {
      const parsed = parseJson(await readBody(req));
      const scripts: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
      if (!scripts.every((s) => typeof s === "object" && s !== null && !Array.isArray(s))) {
        return sendError(res, 400, "Send a ModelScript object or an array of them.");
      }
      script(...(scripts as ModelScript[]));
      return sendJson(res, 200, { queued: scripts.length });
    }
    sendError(res, 404, `Unknown control endpoint ${req.method} ${path}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path.startsWith("/_control/")) return control(req, res, path);

    const raw = await readBody(req);
    const body = parseJson(raw);
    requests.push({ method: req.method ?? "GET", path, headers: flatHeaders(req), body: body === INVALID ? raw : body, receivedAt: Date.now() });
    if (body === INVALID) return sendError(res, 400, "The request body is not valid JSON.");

    const route = `${req.method} ${path}`;
    if (route === "GET /v1/models") return sendJson(res, 200, { object: "list", data: models.map(modelObject) });
    if (req.method === "GET" && path.startsWith("/v1/models/")) {
      const id = decodeURIComponent(path.slice("/v1/models/".length));
      return models.includes(id) ? sendJson(res, 200, modelObject(id)) : sendError(res, 404, `The model '${id}' does not exist`, "model_not_found");
    }
    if (route === "POST /v1/chat/completions") return chatCompletions(res, body, signal);
    if (route === "POST /v1/responses") return responses(res, body, signal);
    if (route === "POST /v1/embeddings") return embeddings(res, body);
    sendError(res, 404, `Invalid URL (${route})`, "unknown_url");
  };

  const server = createServer((req, res) => {
    // Ends every wait and stops every write once the client has gone away.
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    res.on("error", () => controller.abort());
    handle(req, res, controller.signal).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendError(res, 500, `Test model server failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    requests,
    script,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung and streaming requests would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

/** What scripts are matched against. */
type RequestView = { model: string; lastText: string; toolOutputs: string[] };

function matches(s: ModelScript, { model, lastText, toolOutputs }: RequestView): boolean {
  if (s.toolOutput !== undefined && !toolOutputs.some((output) => output.includes(s.toolOutput!))) return false;
  return s.match === undefined || model === s.match || lastText.includes(s.match);
}

/** The outputs of the tool messages that follow the last assistant message: this round's results. */
function trailingToolOutputs(messages: unknown[]): string[] {
  const outputs: string[] = [];
  for (let at = messages.length - 1; at >= 0; at--) {
    const message = messages[at] as { role?: unknown } | null;
    if (message?.role !== "tool") break;
    outputs.push(messageText(message));
  }
  return outputs;
}

/** The text of a chat message or Responses input item: a string, or its text parts joined by newlines. */
function messageText(message: unknown): string {
  const content = (message as { content?: unknown } | null)?.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((part): part is { text: string } => typeof part?.text === "string" && (part.type === "text" || part.type === "input_text"))
    .map((part) => part.text)
    .join("\n");
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Words with their following whitespace; leading whitespace is a chunk of its own. */
function splitWords(text: string): string[] {
  return text.match(/^\s+|\S+\s*/g) ?? [];
}

function toolCallObject(call: ToolCall) {
  return { id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } };
}

/** A unit-length vector of float32 values, so that float and base64 encodings agree exactly. */
function embed(text: string): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < EMBEDDING_SIZE; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let at = 0; at + 2 <= digest.length && values.length < EMBEDDING_SIZE; at += 2) values.push(digest.readUInt16BE(at) / 32767.5 - 1);
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => Math.fround(value / norm));
}

const INVALID = Symbol("invalid JSON");

function parseJson(raw: string): unknown {
  if (raw.trim() === "") return null;
  try {
    return JSON.parse(raw);
  } catch {
    return INVALID;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const ERROR_KINDS: Record<number, { type: string; code: string }> = {
  400: { type: "invalid_request_error", code: "invalid_request" },
  401: { type: "invalid_request_error", code: "invalid_api_key" },
  403: { type: "permission_error", code: "forbidden" },
  404: { type: "invalid_request_error", code: "model_not_found" },
  429: { type: "requests", code: "rate_limit_exceeded" },
};

function sendError(res: ServerResponse, status: number, message: string, code?: string): void {
  const kind = ERROR_KINDS[status] ?? (status >= 500 ? { type: "server_error", code: "server_error" } : { type: "invalid_request_error", code: "error" });
  sendJson(res, status, { error: { message, type: kind.type, param: null, code: code ?? kind.code } });
}

/** Resolves once the data is handed to the socket (so a following cut cannot drop it), or at once if the client left. */
function write(res: ServerResponse, data: string): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => res.write(data, () => resolve()));
}

/** Resolves after `ms`, or early when `signal` aborts; callers check `signal.aborted` afterwards. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
