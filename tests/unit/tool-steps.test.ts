import { describe, expect, it } from "vitest";
import { TOOL_OUTPUT_MAX_CHARS } from "../../lib/tools";
import { applyToolOutputs, closeOpenCalls, mayAnswer, pendingCalls, requiredActionFor, toolRoundMessages, type ToolCallRecord, type ToolCallsStepDetails } from "../../lib/tools/steps";

const started = "2026-11-28T10:00:00.000Z";
const call = (id: string, patch: Partial<ToolCallRecord> = {}): ToolCallRecord => ({
  id,
  type: "function",
  function: { name: `fn_${id}`, arguments: `{"n":"${id}"}`, output: null },
  status: "requires_action",
  answeredBy: "member",
  startedAt: started,
  completedAt: null,
  durationMs: null,
  ...patch,
});
const step = (...calls: ToolCallRecord[]): ToolCallsStepDetails => ({ type: "tool_calls", tool_calls: calls });
const now = new Date("2026-11-28T10:00:02.500Z");

describe("tool call steps", () => {
  it("describes the waiting calls as OpenAI's required action", () => {
    const details = step(call("a"), call("b", { status: "completed", function: { name: "fn_b", arguments: "{}", output: "done" } }));
    expect(requiredActionFor(pendingCalls(details))).toEqual({
      type: "submit_tool_outputs",
      submit_tool_outputs: { tool_calls: [{ id: "a", type: "function", function: { name: "fn_a", arguments: '{"n":"a"}' } }] },
    });
  });

  it("takes outputs one card at a time, timing each and saying when all are in", () => {
    const first = applyToolOutputs(step(call("a"), call("b")), [{ tool_call_id: "a", output: "4" }], { userId: "u1", now });
    expect(first).toMatchObject({ ok: true, complete: false });
    if (!first.ok) throw new Error("refused");
    expect(first.details.tool_calls[0]).toMatchObject({ status: "completed", function: { output: "4" }, answeredByUserId: "u1", completedAt: now.toISOString(), durationMs: 2_500 });
    expect(first.details.tool_calls[1]!.status).toBe("requires_action");
    const second = applyToolOutputs(first.details, [{ tool_call_id: "b", output: "5" }], { userId: "u2", now });
    expect(second).toMatchObject({ ok: true, complete: true });
  });

  it("refuses an output for an unknown or answered call, twice in one submit, or too long", () => {
    const details = step(call("a"), call("b", { status: "completed" }));
    expect(applyToolOutputs(details, [{ tool_call_id: "zzz", output: "" }], { userId: "u" })).toEqual({ ok: false, problem: { kind: "unknown", callId: "zzz" } });
    expect(applyToolOutputs(details, [{ tool_call_id: "b", output: "" }], { userId: "u" })).toEqual({ ok: false, problem: { kind: "answered", callId: "b" } });
    expect(applyToolOutputs(details, [{ tool_call_id: "a", output: "1" }, { tool_call_id: "a", output: "2" }], { userId: "u" })).toEqual({ ok: false, problem: { kind: "duplicate", callId: "a" } });
    expect(applyToolOutputs(details, [{ tool_call_id: "a", output: "x".repeat(TOOL_OUTPUT_MAX_CHARS + 1) }], { userId: "u" })).toEqual({ ok: false, problem: { kind: "tooLong", callId: "a" } });
  });

  it("closes the calls still open when the run ends without them", () => {
    const closed = closeOpenCalls(step(call("a"), call("b", { status: "completed" })), "expired", now);
    expect(closed.tool_calls.map((c) => c.status)).toEqual(["expired", "completed"]);
  });

  it("replays each round to the model: the assistant's calls, then one tool message per output", () => {
    const round = step(call("a", { status: "completed", function: { name: "fn_a", arguments: "{}", output: "4" } }), call("b", { status: "failed", function: { name: "fn_b", arguments: "{", output: "Error: bad" } }));
    expect(toolRoundMessages([{ ...round, text: "Let me check." }])).toEqual([
      {
        role: "assistant",
        content: "Let me check.",
        tool_calls: [
          { id: "a", type: "function", function: { name: "fn_a", arguments: "{}" } },
          { id: "b", type: "function", function: { name: "fn_b", arguments: "{" } },
        ],
      },
      { role: "tool", tool_call_id: "a", content: "4" },
      { role: "tool", tool_call_id: "b", content: "Error: bad" },
    ]);
  });

  it("lets only the run's starter answer a starter-only call, except in a hand-off run", () => {
    const mine = call("a", { answeredBy: "starter" });
    expect(mayAnswer(mine, { userId: "ada", startedByUserId: "ada" })).toBe(true);
    expect(mayAnswer(mine, { userId: "bob", startedByUserId: "ada" })).toBe(false);
    expect(mayAnswer(mine, { userId: "bob", startedByUserId: null })).toBe(true);
    expect(mayAnswer(call("b"), { userId: "bob", startedByUserId: "ada" })).toBe(true);
  });
});
