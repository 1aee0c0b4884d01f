import { spawn } from "node:child_process";
import { once } from "node:events";
import OpenAI, { APIConnectionTimeoutError, APIError } from "openai";
import type { ChatCompletionChunk, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer } from "../support/model-server";

const user = (content: string): ChatCompletionMessageParam[] => [{ role: "user", content }];

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const contents = (chunks: ChatCompletionChunk[]) => chunks.map((c) => c.choices[0]?.delta.content).filter((c): c is string => !!c);

describe("test model server", () => {
  let server: ModelServer;
  let client: OpenAI;
  let control: string;

  beforeAll(async () => {
    server = await startModelServer();
    client = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0 });
    control = server.url.replace(/\/v1$/, "/_control");
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it("streams the scripted chunks, then the finish chunk and usage when asked for", async () => {
    server.script({ chunks: ["Hel", "lo", " world"], usage: { prompt_tokens: 7, completion_tokens: 3 } });
    const stream = await client.chat.completions.create({
      model: "test-model",
      messages: user("hi"),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);

    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(contents(chunks)).toEqual(["Hel", "lo", " world"]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it("splits a reply into words with their following spaces, and sends usage only when asked for", async () => {
    server.script({ reply: "one two  three" });
    const chunks = await collect(await client.chat.completions.create({ model: "test-model", messages: user("hi"), stream: true }));
    expect(contents(chunks)).toEqual(["one ", "two  ", "three"]);
    expect(chunks.some((c) => c.usage)).toBe(false);
  });

  it("waits tokenDelayMs before each streamed chunk", async () => {
    server.script({ chunks: ["a", "b", "c"], tokenDelayMs: 60 });
    const started = Date.now();
    const arrivals: number[] = [];
    for await (const chunk of await client.chat.completions.create({ model: "test-model", messages: user("hi"), stream: true })) {
      if (chunk.choices[0]?.delta.content) arrivals.push(Date.now() - started);
    }
    expect(arrivals).toHaveLength(3);
    expect(arrivals[0]).toBeGreaterThanOrEqual(50);
    expect(arrivals[2]).toBeGreaterThanOrEqual(170);
  });

  it("answers without streaming, by default with the model and the last message text", async () => {
    server.script({ reply: "Scripted answer." });
    const scripted = await client.chat.completions.create({ model: "test-model", messages: user("hi") });
    expect(scripted.object).toBe("chat.completion");
    expect(scripted.choices[0]?.message).toMatchObject({ role: "assistant", content: "Scripted answer." });
    expect(scripted.choices[0]?.finish_reason).toBe("stop");

    const long = "x".repeat(300);
    const byDefault = await client.chat.completions.create({
      model: "test-model-large",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Look:" }, { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }, { type: "text", text: long }] },
      ],
    });
    expect(byDefault.choices[0]?.message.content).toBe(`Reply from test-model-large to: ${`Look:\n${long}`.slice(0, 200)}`);
    // About one token per four characters: prompt "Be brief.\nLook:\n" + 300 x's (316), reply 232 characters.
    expect(byDefault.usage).toEqual({ prompt_tokens: 79, completion_tokens: 58, total_tokens: 137 });
  });

  it("streams tool calls as OpenAI does, arguments in pieces the client must join", async () => {
    const args = JSON.stringify({ city: "Paris", unit: "celsius" });
    server.script({ toolCalls: [{ id: "call_1", name: "get_weather", arguments: args }, { name: "get_time", arguments: "{}" }] });
    const chunks = await collect(
      await client.chat.completions.create({ model: "test-model", messages: user("weather?"), stream: true }),
    );

    const calls: { id?: string; name: string; arguments: string }[] = [];
    for (const delta of chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? [])) {
      const call = (calls[delta.index] ??= { name: "", arguments: "" });
      if (delta.id) call.id = delta.id;
      call.name += delta.function?.name ?? "";
      call.arguments += delta.function?.arguments ?? "";
    }
    expect(calls).toEqual([
      { id: "call_1", name: "get_weather", arguments: args },
      { id: expect.stringMatching(/^call_/), name: "get_time", arguments: "{}" },
    ]);
    const argumentDeltas = chunks.filter((c) => c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments);
    expect(argumentDeltas.length).toBeGreaterThan(2);
    expect(contents(chunks)).toEqual([]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("interleaves the argument pieces of parallel calls when asked", async () => {
    const long = JSON.stringify({ city: "Paris", unit: "celsius" });
    server.script({ interleaveToolCalls: true, toolCalls: [{ id: "call_1", name: "a", arguments: long }, { id: "call_2", name: "b", arguments: long }] });
    const chunks = await collect(await client.chat.completions.create({ model: "test-model", messages: user("both"), stream: true }));
    const order = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []).map((delta) => delta.index);
    expect(order.slice(0, 4)).toEqual([0, 1, 0, 1]);
  });

  it("matches a script to a request by the tool outputs after the last assistant message", async () => {
    server.script({ toolOutput: "42", reply: "The answer is 42." });
    const call = { id: "call_1", type: "function" as const, function: { name: "compute", arguments: "{}" } };
    const earlier: ChatCompletionMessageParam[] = [{ role: "assistant", content: null, tool_calls: [call] }, { role: "tool", tool_call_id: "call_1", content: "42" }];
    // An output from an earlier round does not count.
    const stale = await client.chat.completions.create({ model: "test-model", messages: [...earlier, { role: "assistant", content: "ok" }, { role: "user", content: "next" }] });
    expect(stale.choices[0]?.message.content).toBe("Reply from test-model to: next");
    const fresh = await client.chat.completions.create({ model: "test-model", messages: [{ role: "user", content: "compute" }, ...earlier] });
    expect(fresh.choices[0]?.message.content).toBe("The answer is 42.");
  });

  it("answers tool calls without streaming", async () => {
    server.script({ toolCalls: [{ id: "call_9", name: "lookup", arguments: '{"q":"pglite"}' }] });
    const completion = await client.chat.completions.create({ model: "test-model", messages: user("look it up") });
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: "call_9", type: "function", function: { name: "lookup", arguments: '{"q":"pglite"}' } },
    ]);
  });

  it("answers a scripted status with an OpenAI error the SDK surfaces as APIError", async () => {
    server.script({ status: 500, errorMessage: "The engine is overloaded", times: 2 });
    const error = await client.chat.completions.create({ model: "test-model", messages: user("hi") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(500);
    expect((error as APIError).message).toContain("The engine is overloaded");
    expect((error as APIError).type).toBe("server_error");

    const streamed = client.chat.completions.create({ model: "test-model", messages: user("hi"), stream: true });
    await expect(streamed).rejects.toMatchObject({ status: 500, message: expect.stringContaining("The engine is overloaded") });
  });

  it("hangs before the headers so that a client timeout fires, and keeps serving afterwards", async () => {
    server.script({ hangMs: 3_000 });
    const impatient = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0, timeout: 200 });
    const started = Date.now();
    const error = await impatient.chat.completions.create({ model: "test-model", messages: user("hi") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);

    const next = await client.chat.completions.create({ model: "test-model", messages: user("again") });
    expect(next.choices[0]?.message.content).toBe("Reply from test-model to: again");
  });

  it("cuts the stream after cutAfterChunks chunks, so that iterating it throws", async () => {
    server.script({ chunks: ["a ", "b ", "c ", "d"], cutAfterChunks: 2 });
    const stream = await client.chat.completions.create({ model: "test-model", messages: user("hi"), stream: true });
    const received: ChatCompletionChunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk);
      })(),
    ).rejects.toThrow();
    expect(contents(received)).toEqual(["a ", "b "]);
    expect(received.some((c) => c.choices[0]?.finish_reason)).toBe(false);
  });

  it("stops writing when the client goes away mid-stream", async () => {
    server.script({ chunks: Array.from({ length: 50 }, (_, i) => `w${i} `), tokenDelayMs: 20 });
    const stream = await client.chat.completions.create({ model: "test-model", messages: user("hi"), stream: true });
    let seen = 0;
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content && ++seen === 2) break;
    expect(seen).toBe(2);
    // The abandoned reply neither breaks the server nor holds up the next one.
    const next = await client.chat.completions.create({ model: "test-model", messages: user("still there?") });
    expect(next.choices[0]?.message.content).toBe("Reply from test-model to: still there?");
  });

  it("uses the first queued script whose match is in the last message or equals the model", async () => {
    server.script({ match: "weather", reply: "Sunny." }, { match: "test-model-large", reply: "Large." }, { match: "weather", reply: "Rainy." });
    const ask = async (model: string, content: string) =>
      (await client.chat.completions.create({ model, messages: user(content) })).choices[0]?.message.content;

    expect(await ask("test-model", "hello")).toBe("Reply from test-model to: hello");
    expect(await ask("test-model", "the WEATHER?")).toBe("Reply from test-model to: the WEATHER?");
    expect(await ask("test-model", "the weather?")).toBe("Sunny.");
    expect(await ask("test-model", "the weather again?")).toBe("Rainy.");
    expect(await ask("test-model-large", "hello")).toBe("Large.");
    expect(await ask("test-model", "the weather, third time?")).toBe("Reply from test-model to: the weather, third time?");
  });

  it("matches on the last message only", async () => {
    server.script({ match: "secret", reply: "Matched." });
    const messages: ChatCompletionMessageParam[] = [
      { role: "user", content: "the secret is 42" },
      { role: "assistant", content: "noted" },
      { role: "user", content: "what now?" },
    ];
    const completion = await client.chat.completions.create({ model: "test-model", messages });
    expect(completion.choices[0]?.message.content).toBe("Reply from test-model to: what now?");
  });

  it("answers `times` requests with a script, then moves on", async () => {
    server.script({ reply: "first", times: 2 }, { reply: "second" });
    const replies = [];
    for (let i = 0; i < 4; i++) {
      replies.push((await client.chat.completions.create({ model: "test-model", messages: user(`n${i}`) })).choices[0]?.message.content);
    }
    expect(replies).toEqual(["first", "first", "second", "Reply from test-model to: n3"]);
  });

  it("records every API request with its body and headers", async () => {
    const before = Date.now();
    await client.chat.completions.create({ model: "test-model", messages: user("record me"), temperature: 0.2 });
    await client.models.list();

    expect(server.requests).toHaveLength(2);
    const [chat, models] = server.requests;
    expect(chat).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    expect(chat?.body).toEqual({ model: "test-model", messages: [{ role: "user", content: "record me" }], temperature: 0.2 });
    expect(chat?.headers.authorization).toBe("Bearer test");
    expect(chat?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(models).toMatchObject({ method: "GET", path: "/v1/models", body: null });

    server.reset();
    expect(server.requests).toEqual([]);
  });

  it("lists and retrieves the configured models", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(["test-model", "test-model-large"]);
    expect((await client.models.retrieve("test-model-large")).id).toBe("test-model-large");
    await expect(client.models.retrieve("nope")).rejects.toMatchObject({ status: 404 });

    const custom = await startModelServer({ models: ["a", "b", "c"] });
    try {
      const other = new OpenAI({ apiKey: "test", baseURL: custom.url, maxRetries: 0 });
      expect((await other.models.list()).data.map((m) => m.id)).toEqual(["a", "b", "c"]);
    } finally {
      await custom.close();
    }
  });

  it("returns deterministic unit-length embeddings of 64 floats, in both encodings", async () => {
    const first = await client.embeddings.create({ model: "embed", input: ["alpha", "beta"] });
    expect(first.data.map((d) => d.index)).toEqual([0, 1]);
    const [alpha, beta] = first.data.map((d) => d.embedding);
    expect(alpha).toHaveLength(64);
    expect(Math.hypot(...alpha!)).toBeCloseTo(1, 5);
    expect(alpha).not.toEqual(beta);

    // The SDK asks for base64 by default; the float encoding must give the same numbers.
    expect(server.requests[0]?.body.encoding_format).toBe("base64");
    const again = await client.embeddings.create({ model: "embed", input: "alpha", encoding_format: "float" });
    expect(again.data).toHaveLength(1);
    expect(again.data[0]?.embedding).toEqual(alpha);
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it("answers the Responses API without streaming", async () => {
    server.script({ match: "capital", reply: "Paris." });
    const response = await client.responses.create({ model: "test-model", input: "What is the capital of France?" });
    expect(response.output_text).toBe("Paris.");
    const fromItems = await client.responses.create({
      model: "test-model",
      input: [{ role: "user", content: [{ type: "input_text", text: "hello" }] }],
    });
    expect(fromItems.output_text).toBe("Reply from test-model to: hello");
  });

  it("is scriptable, inspectable and resettable over HTTP", async () => {
    const queued = await fetch(`${control}/script`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ match: "ping", reply: "pong" }, { status: 429, errorMessage: "Slow down" }]),
    });
    expect(await queued.json()).toEqual({ queued: 2 });

    expect((await client.chat.completions.create({ model: "test-model", messages: user("ping") })).choices[0]?.message.content).toBe("pong");
    await expect(client.chat.completions.create({ model: "test-model", messages: user("x") })).rejects.toMatchObject({ status: 429 });

    const recorded = (await (await fetch(`${control}/requests`)).json()) as { path: string; body: { messages: unknown } }[];
    expect(recorded.map((r) => r.path)).toEqual(["/v1/chat/completions", "/v1/chat/completions"]);
    expect(recorded[0]?.body.messages).toEqual(user("ping"));

    await fetch(`${control}/script`, { method: "POST", body: JSON.stringify({ reply: "never used" }) });
    expect((await fetch(`${control}/reset`, { method: "POST" })).status).toBe(200);
    expect(await (await fetch(`${control}/requests`)).json()).toEqual([]);
    expect((await client.chat.completions.create({ model: "test-model", messages: user("y") })).choices[0]?.message.content).toBe(
      "Reply from test-model to: y",
    );

    const bad = await fetch(`${control}/script`, { method: "POST", body: "[1, 2]" });
    expect(bad.status).toBe(400);
  });

  it("runs standalone from the command line until SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/model-server-cli.ts", "--port", "0", "--models", "cli-model"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      let output = "";
      child.stdout.setEncoding("utf8");
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (data: string) => {
          output += data;
          const found = /model server listening on (\S+)/.exec(output);
          if (found?.[1]) resolve(found[1]);
        });
        child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      await fetch(url.replace(/\/v1$/, "/_control/script"), { method: "POST", body: JSON.stringify({ reply: "from the CLI" }) });
      const remote = new OpenAI({ apiKey: "test", baseURL: url, maxRetries: 0 });
      expect((await remote.chat.completions.create({ model: "cli-model", messages: user("hi") })).choices[0]?.message.content).toBe("from the CLI");
      expect((await remote.models.list()).data.map((m) => m.id)).toEqual(["cli-model"]);

      const exited = once(child, "exit");
      child.kill("SIGTERM");
      expect((await exited)[0]).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 20_000);
});
