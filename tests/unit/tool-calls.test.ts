import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { streamChat, type ChatMessage, type ModelEvent, type ModelProvider } from "../../lib/llm";
import { parseArguments } from "../../lib/tools/arguments";
import { startModelServer, type ModelServer } from "../support/model-server";

let server: ModelServer;
let provider: ModelProvider;

beforeAll(async () => {
  server = await startModelServer();
  provider = { client: new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0 }), demo: false, idleTimeoutMs: 10_000 };
});
afterEach(() => server.reset());
afterAll(() => server.close());

const weather = { type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } };

async function events(messages: ChatMessage[]): Promise<ModelEvent[]> {
  const seen: ModelEvent[] = [];
  for await (const event of streamChat(provider, { model: "test-model", messages, tools: [weather] }, new AbortController().signal)) seen.push(event);
  return seen;
}

const callsOf = (seen: ModelEvent[]) => seen.flatMap((event) => (event.type === "function_calls" ? event.calls : []));

describe("streamed tool calls", () => {
  it("assembles parallel calls whose argument pieces arrive interleaved, in index order", async () => {
    const paris = JSON.stringify({ city: "Paris", unit: "celsius", detail: "hourly" });
    const tokyo = JSON.stringify({ city: "Tokyo", unit: "fahrenheit" });
    server.script({ interleaveToolCalls: true, toolCalls: [{ id: "call_a", name: "get_weather", arguments: paris }, { id: "call_b", name: "get_weather", arguments: tokyo }] });
    const seen = await events([{ role: "user", content: "weather in Paris and Tokyo?" }]);
    expect(callsOf(seen)).toEqual([
      { id: "call_a", name: "get_weather", arguments: paris },
      { id: "call_b", name: "get_weather", arguments: tokyo },
    ]);
    expect(seen.filter((event) => event.type === "text")).toEqual([]);
    const body = server.requests[0]!.body as { tools: unknown[] };
    expect(body.tools).toEqual([weather]);
  });

  it("passes invalid JSON arguments through as written, for the run to answer", async () => {
    server.script({ toolCalls: [{ id: "call_x", name: "get_weather", arguments: '{"city": "Par' }] });
    expect(callsOf(await events([{ role: "user", content: "weather?" }]))).toEqual([{ id: "call_x", name: "get_weather", arguments: '{"city": "Par' }]);
  });

  it("scripts a second round by the tool outputs it carries", async () => {
    // Queued first, but it waits for a request that carries the outputs.
    server.script({ toolOutput: "sunny", reply: "It is sunny in Paris." }, { toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }] });
    const first = await events([{ role: "user", content: "weather?" }]);
    expect(callsOf(first)).toHaveLength(1);
    const second = await events([
      { role: "user", content: "weather?" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "sunny, 24°C" },
    ]);
    expect(second.flatMap((event) => (event.type === "text" ? [event.delta] : [])).join("")).toBe("It is sunny in Paris.");
  });
});

describe("tool call arguments", () => {
  const schema = weather.function.parameters;

  it("parses arguments that match the schema", () => {
    expect(parseArguments("get_weather", '{"city":"Paris"}', schema)).toEqual({ ok: true, value: { city: "Paris" } });
    expect(parseArguments("get_time", "", undefined)).toEqual({ ok: true, value: {} });
  });

  it("explains broken JSON and schema mismatches to the model", () => {
    expect(parseArguments("get_weather", '{"city": "Par', schema)).toMatchObject({ ok: false, error: expect.stringMatching(/^Error: the arguments for get_weather are not valid JSON/) });
    expect(parseArguments("get_weather", '{"city": 42}', schema)).toEqual({
      ok: false,
      error: "Error: the arguments for get_weather do not match its parameters schema: /city must be string. Call it again with corrected arguments.",
    });
    expect(parseArguments("get_weather", "{}", schema)).toMatchObject({ ok: false, error: expect.stringContaining("(root) must have required property 'city'") });
  });
});
