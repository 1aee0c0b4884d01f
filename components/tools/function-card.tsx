"use client";

import { useId, useState, type FormEvent } from "react";
import { TOOL_OUTPUT_MAX_CHARS } from "@/lib/tools";
import { prettyJson, type ToolCallRecord } from "@/lib/tools/steps";

export type SubmitOutput = (callId: string, output: string) => Promise<{ ok: true } | { ok: false; error: string }>;

/**
 * A call waiting for a person: the function's name and arguments, and a box for its output. In a
 * thread every member sees it; those who may not answer it are told who can.
 */
export function FunctionCard({ call, canAnswer, waitingFor, onSubmit }: { call: ToolCallRecord; canAnswer: boolean; waitingFor?: string; onSubmit: SubmitOutput }) {
  const id = useId();
  const [output, setOutput] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setError(null);
    try {
      const result = await onSubmit(call.id, output);
      if (!result.ok) setError(result.error);
    } catch {
      setError("Could not reach the server. Your answer is still here: try again.");
    } finally {
      setSending(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      <h3 id={`${id}-title`} className="font-medium">
        Function call: <span className="font-mono">{call.function.name}</span>
      </h3>
      <p className="mt-2 text-xs font-medium text-zinc-600 dark:text-zinc-300">Arguments</p>
      <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-white p-2 font-mono text-xs dark:bg-zinc-950">{prettyJson(call.function.arguments) || "(none)"}</pre>
      {canAnswer ? (
        <form onSubmit={submit} className="mt-3 space-y-2">
          <label htmlFor={`${id}-output`} className="block text-xs font-medium">
            Output for {call.function.name}
          </label>
          <textarea
            id={`${id}-output`}
            value={output}
            rows={3}
            maxLength={TOOL_OUTPUT_MAX_CHARS}
            aria-describedby={error ? `${id}-error` : undefined}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setOutput(event.target.value)}
            className="block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
          />
          {error ? (
            <p id={`${id}-error`} role="alert" className="text-xs text-red-700 dark:text-red-300">
              {error}
            </p>
          ) : null}
          <button type="submit" disabled={sending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-xs font-semibold text-white hover:bg-indigo-500 disabled:opacity-50">
            {sending ? "Submitting…" : "Submit output"}
          </button>
        </form>
      ) : (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-300">Waiting for {waitingFor ?? "a member"} to answer.</p>
      )}
    </section>
  );
}
