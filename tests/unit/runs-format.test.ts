import { describe, expect, it } from "vitest";
import type { RunStatus } from "../../lib/runs/dto";
import { formatDuration, formatTokens, msBetween, preview, runStatusLabel, stepStatusLabel, stepTypeLabel, toolNames } from "../../lib/runs/format";

describe("formatDuration", () => {
  it("gives milliseconds under a second", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(340.4)).toBe("340 ms");
  });

  it("gives tenths of a second under ten seconds", () => {
    expect(formatDuration(1000)).toBe("1.0 s");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(9949)).toBe("9.9 s");
  });

  it("gives whole seconds under a minute", () => {
    expect(formatDuration(10_000)).toBe("10 s");
    expect(formatDuration(42_400)).toBe("42 s");
  });

  it("gives minutes and seconds under an hour, hours and minutes beyond", () => {
    expect(formatDuration(184_000)).toBe("3 min 4 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(7_500_000)).toBe("2 h 5 min");
    expect(formatDuration(3_600_000)).toBe("1 h");
  });

  it("moves to the next unit when rounding reaches it", () => {
    expect(formatDuration(999.6)).toBe("1.0 s");
    expect(formatDuration(9960)).toBe("10 s");
    expect(formatDuration(59_600)).toBe("1 min");
    expect(formatDuration(3_599_600)).toBe("1 h");
  });

  it("never shows a negative or meaningless time (clock skew, missing dates)", () => {
    expect(formatDuration(-50)).toBe("0 ms");
    expect(formatDuration(Number.NaN)).toBe("0 ms");
  });
});

describe("status labels", () => {
  it("names every run status in plain words", () => {
    const labels: Record<RunStatus, string> = {
      queued: "queued",
      in_progress: "running",
      requires_action: "needs action",
      cancelling: "cancelling",
      cancelled: "cancelled",
      failed: "failed",
      completed: "completed",
      expired: "expired",
    };
    for (const [status, label] of Object.entries(labels)) expect(runStatusLabel(status as RunStatus)).toBe(label);
  });

  it("labels steps like runs, and unknown step statuses by their words", () => {
    expect(stepStatusLabel("in_progress")).toBe("running");
    expect(stepStatusLabel("completed")).toBe("completed");
    expect(stepStatusLabel("waiting_for_tool")).toBe("waiting for tool");
    expect(stepTypeLabel("message_creation")).toBe("Message");
    expect(stepTypeLabel("tool_calls")).toBe("Tool calls");
  });
});

describe("msBetween", () => {
  it("measures from one ISO time to another", () => {
    expect(msBetween("2025-01-01T10:00:00.000Z", "2025-01-01T10:03:04.500Z")).toBe(184_500);
  });

  it("is null until both times are known", () => {
    expect(msBetween("2025-01-01T10:00:00.000Z", null)).toBeNull();
    expect(msBetween(null, "2025-01-01T10:00:00.000Z")).toBeNull();
  });
});

describe("formatTokens", () => {
  it("lists the known counts with thousands separators", () => {
    expect(formatTokens({ promptTokens: 1234, completionTokens: 56, totalTokens: 1290 })).toBe("1,234 prompt · 56 completion · 1,290 total");
    expect(formatTokens({ promptTokens: 12, completionTokens: null })).toBe("12 prompt");
    expect(formatTokens({ promptTokens: 0, completionTokens: 0, totalTokens: 0 })).toBe("0 prompt · 0 completion · 0 total");
  });

  it("gives a dash when no count is known", () => {
    expect(formatTokens({ promptTokens: null, completionTokens: null, totalTokens: null })).toBe("—");
  });
});

describe("toolNames", () => {
  it("names functions by their name and built-in tools by their type", () => {
    const tools = [{ type: "retrieval" }, { type: "function", function: { name: "get_weather", parameters: {} } }, { type: "code_interpreter" }];
    expect(toolNames(tools)).toEqual(["retrieval", "get_weather", "code_interpreter"]);
  });

  it("skips what is not a tool", () => {
    expect(toolNames(null)).toEqual([]);
    expect(toolNames({ type: "retrieval" })).toEqual([]);
    expect(toolNames([null, 3, {}, { type: "function" }])).toEqual(["function"]);
  });
});

describe("preview", () => {
  it("keeps short text whole, on one line", () => {
    expect(preview("  Be\nbrief.  ", 20)).toBe("Be brief.");
  });

  it("cuts long text to the limit, ending with an ellipsis", () => {
    const cut = preview("Answer in French, then in English, citing sources.", 20);
    expect(cut).toBe("Answer in French, t…");
    expect(cut.length).toBeLessThanOrEqual(20);
  });
});
