import { describe, expect, it } from "vitest";
import { buildModelInput, estimateTokens, systemPrompt, type HistoryMessage } from "../../lib/runs/prompt";

const analyst = { id: "as-analyst", name: "Analyst", handle: "analyst" };
const writerId = "as-writer";

const fromPerson = (name: string, content: string, files: string[] = []): HistoryMessage => ({
  author: { kind: "user", id: `u-${name}`, name },
  content,
  files,
});
const fromAssistant = (id: string, name: string, content: string, files: string[] = []): HistoryMessage => ({
  author: { kind: "assistant", id, name },
  content,
  files,
});

const build = (history: HistoryMessage[], { contextTokens = 16_000, instructions = "Answer precisely." } = {}) =>
  buildModelInput({ assistant: analyst, instructions, history, contextTokens });

describe("estimateTokens", () => {
  it("counts about four characters a token, rounding up, plus a few for the turn", () => {
    expect(estimateTokens("")).toBe(4);
    expect(estimateTokens("abcd")).toBe(5);
    expect(estimateTokens("abcde")).toBe(6);
    expect(estimateTokens("x".repeat(400))).toBe(104);
  });

  it("grows with the text", () => {
    expect(estimateTokens("x".repeat(1000))).toBeGreaterThan(estimateTokens("x".repeat(100)));
  });
});

describe("systemPrompt", () => {
  it("names the assistant and its handle, then gives its instructions", () => {
    const prompt = systemPrompt({ name: "Analyst", handle: "analyst" }, "  Answer precisely, with numbers.  ");
    expect(prompt).toContain("You are Analyst (@analyst)");
    expect(prompt).toContain("Reply as Analyst");
    expect(prompt.endsWith("\n\nAnswer precisely, with numbers.")).toBe(true);
  });

  it("is only the identity when there are no instructions", () => {
    const prompt = systemPrompt({ name: "Writer", handle: "writer" }, "   ");
    expect(prompt).toContain("You are Writer (@writer)");
    expect(prompt).not.toContain("\n\n");
    expect(prompt).toBe(prompt.trim());
  });
});

describe("buildModelInput", () => {
  it("starts with the system message naming the assistant, its handle and its instructions", () => {
    const [system, ...rest] = build([fromPerson("Ada Lovelace", "Hello")], { instructions: "Answer precisely." });
    expect(system).toEqual({ role: "system", content: systemPrompt(analyst, "Answer precisely.") });
    expect(system!.content).toContain("Analyst");
    expect(system!.content).toContain("@analyst");
    expect(system!.content).toContain("Answer precisely.");
    expect(rest).toHaveLength(1);
  });

  it("makes people's messages user turns named in brackets", () => {
    const input = build([fromPerson("Ada Lovelace", "How many rows?"), fromPerson("Grace Hopper", "About 40.")]);
    expect(input.slice(1)).toEqual([
      { role: "user", content: "[Ada Lovelace]: How many rows?" },
      { role: "user", content: "[Grace Hopper]: About 40." },
    ]);
  });

  it("makes other assistants' messages user turns named as assistants", () => {
    const input = build([fromAssistant(writerId, "Writer", "Here is a draft.")]);
    expect(input.slice(1)).toEqual([{ role: "user", content: "[Writer (assistant)]: Here is a draft." }]);
  });

  it("makes the assistant's own earlier messages its turns, without a name", () => {
    const input = build([fromPerson("Ada Lovelace", "@analyst sum it"), fromAssistant(analyst.id, "Analyst", "The sum is 42.")]);
    expect(input.slice(1)).toEqual([
      { role: "user", content: "[Ada Lovelace]: @analyst sum it" },
      { role: "assistant", content: "The sum is 42." },
    ]);
  });

  it("tells an assistant by its id, not its name", () => {
    // Another assistant that happens to be called "Analyst" too is not this one.
    const input = build([fromAssistant("as-other", "Analyst", "I am someone else.")]);
    expect(input[1]).toEqual({ role: "user", content: "[Analyst (assistant)]: I am someone else." });
  });

  it("lists the names of attached files on the turn they came with", () => {
    const input = build([
      fromPerson("Ada Lovelace", "See the sheet", ["numbers.csv", "notes.md"]),
      fromAssistant(analyst.id, "Analyst", "Read it.", ["chart.png"]),
      fromPerson("Grace Hopper", "Thanks"),
    ]);
    expect(input[1]).toEqual({ role: "user", content: "[Ada Lovelace]: See the sheet\n\n(Attached files: numbers.csv, notes.md)" });
    expect(input[2]).toEqual({ role: "assistant", content: "Read it.\n\n(Attached files: chart.png)" });
    expect(input[3]).toEqual({ role: "user", content: "[Grace Hopper]: Thanks" });
    expect(input[3]!.content).not.toContain("Attached files");
  });

  it("keeps the whole thread, oldest first, when it fits", () => {
    const history = Array.from({ length: 30 }, (_, index) => fromPerson(index % 2 ? "Grace Hopper" : "Ada Lovelace", `message ${index}`));
    const input = build(history);
    expect(input).toHaveLength(31);
    expect(input.slice(1).map((message) => message.content)).toEqual(
      history.map((message) => `[${message.author.name}]: ${message.content}`),
    );
  });

  it("drops the oldest turns first to stay within the budget, keeping the order", () => {
    const history = Array.from({ length: 10 }, (_, index) => fromPerson("Ada Lovelace", `turn ${index} ${"x".repeat(80)}`));
    const systemCost = estimateTokens(systemPrompt(analyst, "Answer precisely."));
    const turnCost = estimateTokens(`[Ada Lovelace]: turn 0 ${"x".repeat(80)}`);
    // Room for exactly three turns (and not quite four).
    const contextTokens = systemCost + 3 * turnCost + turnCost - 1;
    const input = build(history, { contextTokens });

    expect(input[0]!.role).toBe("system");
    expect(input.slice(1).map((message) => (message.content as string).match(/turn \d+/)![0])).toEqual(["turn 7", "turn 8", "turn 9"]);
    const used = input.reduce((sum, message) => sum + estimateTokens(message.content as string), 0);
    expect(used).toBeLessThanOrEqual(contextTokens);
  });

  it("stops at the first turn that does not fit, so no older turn comes back in after a gap", () => {
    const history = [
      fromPerson("Ada Lovelace", "tiny old"),
      fromPerson("Ada Lovelace", `big ${"y".repeat(400)}`),
      fromPerson("Grace Hopper", "newest"),
    ];
    const systemCost = estimateTokens(systemPrompt(analyst, "Answer precisely."));
    const contextTokens = systemCost + estimateTokens("[Grace Hopper]: newest") + estimateTokens("[Ada Lovelace]: tiny old") + 5;
    const input = build(history, { contextTokens });
    expect(input.slice(1)).toEqual([{ role: "user", content: "[Grace Hopper]: newest" }]);
  });

  it("always keeps the newest turn, even when it alone is over the budget", () => {
    const huge = "z".repeat(10_000);
    const input = build([fromPerson("Ada Lovelace", "older"), fromPerson("Grace Hopper", huge)], { contextTokens: 50 });
    expect(input).toEqual([
      { role: "system", content: systemPrompt(analyst, "Answer precisely.") },
      { role: "user", content: `[Grace Hopper]: ${huge}` },
    ]);
  });

  it("keeps the newest turn even when the system prompt alone is over the budget", () => {
    const input = build([fromPerson("Ada Lovelace", "first"), fromPerson("Grace Hopper", "last")], { contextTokens: 1 });
    expect(input.map((message) => message.role)).toEqual(["system", "user"]);
    expect(input[1]!.content).toBe("[Grace Hopper]: last");
  });

  it("gives only the system message for an empty thread", () => {
    expect(build([])).toEqual([{ role: "system", content: systemPrompt(analyst, "Answer precisely.") }]);
  });

  it("does not change the history it is given", () => {
    const history = [fromPerson("Ada Lovelace", "one"), fromPerson("Grace Hopper", "two")];
    const copy = structuredClone(history);
    build(history, { contextTokens: 1 });
    expect(history).toEqual(copy);
  });
});
