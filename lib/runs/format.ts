// Plain-text formatting of runs for the UI; no React, so the rules are unit-tested on their own.
import type { RunStatus, RunStepDTO } from "./dto";

const STATUS_LABEL: Record<RunStatus, string> = {
  queued: "queued",
  in_progress: "running",
  requires_action: "needs action",
  cancelling: "cancelling",
  cancelled: "cancelled",
  failed: "failed",
  completed: "completed",
  expired: "expired",
};

export function runStatusLabel(status: RunStatus): string {
  return STATUS_LABEL[status];
}

/** Step statuses are a subset of the run's; anything newer falls back to its words. */
export function stepStatusLabel(status: string): string {
  return status in STATUS_LABEL ? STATUS_LABEL[status as RunStatus] : status.replaceAll("_", " ");
}

export function stepTypeLabel(type: RunStepDTO["type"]): string {
  return type === "tool_calls" ? "Tool calls" : "Message";
}

/** "340 ms", "1.2 s", "42 s", "3 min 4 s", "2 h 5 min": precise when short, coarse when long. */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  // Each branch checks the rounded value, so 999.6 ms reads "1.0 s", not "1000 ms".
  if (Math.round(safe) < 1000) return `${Math.round(safe)} ms`;
  const tenths = Math.round(safe / 100);
  if (tenths < 100) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(safe / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) {
    const rest = seconds % 60;
    return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ""}`;
  }
  const minutes = Math.round(seconds / 60);
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ""}`;
}

/** Milliseconds from one ISO time to another; null until both are known. */
export function msBetween(from: string | null, to: string | null): number | null {
  return from && to ? Date.parse(to) - Date.parse(from) : null;
}

// A fixed locale: the server's and the browser's renderings must match.
const count = new Intl.NumberFormat("en-US");

/** "120 prompt · 40 completion · 160 total", leaving out unknown parts; "—" when none is known. */
export function formatTokens(usage: { promptTokens: number | null; completionTokens: number | null; totalTokens?: number | null }): string {
  const parts = [
    [usage.promptTokens, "prompt"],
    [usage.completionTokens, "completion"],
    [usage.totalTokens ?? null, "total"],
  ] as const;
  const known = parts.flatMap(([value, name]) => (value === null ? [] : [`${count.format(value)} ${name}`]));
  return known.length ? known.join(" · ") : "—";
}

/** Names of OpenAI-shaped tool definitions: the function's name, else the tool's type. */
export function toolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool: unknown) => {
    if (typeof tool !== "object" || tool === null) return [];
    const { type, function: fn } = tool as { type?: unknown; function?: { name?: unknown } };
    if (type === "function" && typeof fn?.name === "string") return [fn.name];
    return typeof type === "string" ? [type] : [];
  });
}

/** One line of at most `max` characters, for previews of long text. */
export function preview(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
