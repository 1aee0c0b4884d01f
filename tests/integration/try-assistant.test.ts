import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../lib/errors";
import { tryAssistant, type TryEvent } from "../../lib/assistants/try-draft";
import { startModelServer, type ModelServer } from "../support/model-server";

async function events(stream: ReadableStream<Uint8Array>): Promise<TryEvent[]> {
  const text = await new Response(stream).text();
  return text.split("\n\n").filter(Boolean).map((frame) => JSON.parse(frame.replace(/^data: /, "")) as TryEvent);
}

const draft = {
  name: "Draft Bot",
  handle: "",
  instructions: "Reply in haiku.",
  model: "test-model-large",
  temperature: 0.9,
  tools: [{ type: "function" as const, function: { name: "lookup", parameters: { type: "object", properties: {} } } }],
};

describe("trying an unsaved assistant", () => {
  let server: ModelServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = await startModelServer();
    process.env.OPENAI_BASE_URL = server.url;
    process.env.OPENAI_API_KEY = "test";
    process.env.MODEL_TIMEOUT_SECONDS = "1";
  });
  afterAll(async () => {
    process.env = saved;
    await server.close();
  });

  it("streams the draft's reply, using its instructions, model and tools, and stores nothing", async () => {
    server.script({ chunks: ["Autumn ", "moonlight"] });
    const received = await events(
      tryAssistant(
        { draft, conversation: [{ role: "user", content: "Hello" }, { role: "assistant", content: "Hi." }, { role: "user", content: "A poem?" }] },
        { person: { id: "u1", name: "Ada" }, signal: new AbortController().signal },
      ),
    );
    expect(received).toEqual([{ type: "text", delta: "Autumn " }, { type: "text", delta: "moonlight" }, { type: "done" }]);
    const body = server.requests.at(-1)!.body;
    expect(body.model).toBe("test-model-large");
    expect(body.temperature).toBe(0.9);
    expect(body.messages[0].content).toContain("You are Draft Bot");
    expect(body.messages[0].content).toContain("Reply in haiku.");
    expect(body.messages.slice(1)).toEqual([
      { role: "user", content: "[Ada]: Hello" },
      { role: "assistant", content: "Hi." },
      { role: "user", content: "[Ada]: A poem?" },
    ]);
    expect(body.tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual(["lookup"]);
  });

  it("reports a provider failure in plain words, and refuses an empty conversation", async () => {
    server.script({ status: 503, errorMessage: "overloaded" });
    const received = await events(tryAssistant({ draft, conversation: [{ role: "user", content: "Hi" }] }, { person: { id: "u1", name: "Ada" }, signal: new AbortController().signal }));
    expect(received).toEqual([{ type: "error", message: "The model provider returned an error (HTTP 503): overloaded" }]);
    expect(() => tryAssistant({ draft, conversation: [] }, { person: { id: "u1", name: "Ada" }, signal: new AbortController().signal })).toThrow(ValidationError);
  });

  it("hands the model's calls to the person, then continues from the outputs they gave", async () => {
    const person = { id: "u1", name: "Ada" };
    const signal = new AbortController().signal;
    server.script({ toolOutput: "row 7", reply: "Found row 7." }, { toolCalls: [{ id: "call_1", name: "lookup", arguments: '{"q":"seven"}' }] });
    const conversation = [{ role: "user" as const, content: "Find seven" }];
    const first = await events(tryAssistant({ draft, conversation }, { person, signal }));
    expect(first).toEqual([{ type: "tool_calls", calls: [{ id: "call_1", name: "lookup", arguments: '{"q":"seven"}' }] }, { type: "done" }]);

    const rounds = [{ text: "", tool_calls: [{ id: "call_1", function: { name: "lookup", arguments: '{"q":"seven"}', output: "row 7" } }] }];
    const second = await events(tryAssistant({ draft, conversation, rounds }, { person, signal }));
    expect(second).toEqual([{ type: "text", delta: "Found " }, { type: "text", delta: "row " }, { type: "text", delta: "7." }, { type: "done" }]);
    expect(server.requests.at(-1)!.body.messages.slice(-2)).toEqual([
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"seven"}' } }] },
      { role: "tool", tool_call_id: "call_1", content: "row 7" },
    ]);
  });

  it("stops a draft that keeps calling tools at the round limit", async () => {
    const round = { text: "", tool_calls: [{ id: "c", function: { name: "lookup", arguments: "{}", output: "again" } }] };
    const received = await events(
      tryAssistant({ draft, conversation: [{ role: "user", content: "Loop" }], rounds: Array.from({ length: 8 }, () => round) }, { person: { id: "u1", name: "Ada" }, signal: new AbortController().signal }),
    );
    expect(received).toEqual([{ type: "error", message: expect.stringMatching(/^Stopped after 8 rounds of tool calls/) }]);
  });
});
