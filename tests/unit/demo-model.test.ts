import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { demoFetch } from "../../lib/llm/demo";
import { modelProvider, streamChat, type ChatMessage, type ModelEvent } from "../../lib/llm";

describe("demo model", () => {
  it("is used when no provider is configured, and says it is a demo", async () => {
    const provider = modelProvider({});
    expect(provider.demo).toBe(true);
    let text = "";
    const events = streamChat(
      provider,
      { model: "gpt-4o", messages: [{ role: "system", content: "You are Analyst (@analyst), an assistant" }, { role: "user", content: "[Ada]: @writer what is 2+2?" }] },
      new AbortController().signal,
    );
    const usage = [];
    for await (const event of events) {
      if (event.type === "text") text += event.delta;
      if (event.type === "usage") usage.push(event.usage);
    }
    expect(text).toContain("Demo model");
    expect(text).toContain("I am Analyst");
    expect(text).toContain("writer what is 2+2?");
    expect(text).not.toContain("@writer");
    expect(usage).toHaveLength(1);
  });

  it("answers through the official SDK, streaming or not", async () => {
    const client = new OpenAI({ apiKey: "demo", baseURL: "http://demo.invalid/v1", fetch: demoFetch });
    const reply = await client.chat.completions.create({ model: "demo", messages: [{ role: "user", content: "hello" }] });
    expect(reply.choices[0]?.message.content).toContain("Demo model");
    expect((await client.models.list()).data.map((model) => model.id)).toEqual(["demo"]);
  });

  it("uses a configured provider instead, for any OpenAI-compatible server", () => {
    expect(modelProvider({ OPENAI_API_KEY: "sk-test" }).demo).toBe(false);
    expect(modelProvider({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }).demo).toBe(false);
  });

  it("calls a function the person names, then reports what it returned", async () => {
    const provider = modelProvider({});
    const rollDice = { type: "function" as const, function: { name: "roll_dice", parameters: { type: "object", properties: { sides: { type: "integer" } }, required: ["sides"] } } };
    const collect = async (messages: ChatMessage[]) => {
      const seen: ModelEvent[] = [];
      for await (const event of streamChat(provider, { model: "demo", messages, tools: [rollDice] }, new AbortController().signal)) seen.push(event);
      return seen;
    };
    const ask: ChatMessage = { role: "user", content: "[Ada]: @helper roll_dice for me" };
    const first = await collect([ask]);
    const calls = first.flatMap((event) => (event.type === "function_calls" ? event.calls : []));
    expect(calls).toEqual([{ id: expect.stringMatching(/^call_demo_/), name: "roll_dice", arguments: '{"sides":6}' }]);
    expect(first.some((event) => event.type === "text")).toBe(false);

    const second = await collect([
      ask,
      { role: "assistant", content: null, tool_calls: [{ id: calls[0]!.id, type: "function", function: { name: "roll_dice", arguments: calls[0]!.arguments } }] },
      { role: "tool", tool_call_id: calls[0]!.id, content: "4" },
    ]);
    const text = second.flatMap((event) => (event.type === "text" ? [event.delta] : [])).join("");
    expect(text).toBe("*Demo model* — roll_dice returned “4”. A real model would now use that in its answer.");
  });
});
