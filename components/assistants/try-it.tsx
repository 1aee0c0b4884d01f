"use client";

import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { ModelToolCall } from "@/lib/llm/tool-calls";
import type { ToolCallRecord, ToolRound } from "@/lib/tools/steps";
import { Avatar } from "../avatar";
import { MessageContent } from "../messages/message-content";
import { FunctionCard } from "../tools/function-card";
import { ToolCallList } from "../tools/tool-call";
import { takeEvents, type TryDraft } from "./form-state";

/** A reply's tool rounds stay with it, shown collapsed above its text. */
type Turn = { role: "user" | "assistant"; content: string; stopped?: boolean; rounds?: ToolRound[] };
/** Calls the model made and the person is answering, with the outputs given so far. */
type Pending = { text: string; calls: ModelToolCall[]; outputs: Record<string, string> };

/** Tool calls as the thread shows them; in Try it the person gave every output. */
function records(round: ToolRound): ToolCallRecord[] {
  return round.tool_calls.map((call) => ({ ...call, type: "function", status: "completed", startedAt: "", completedAt: null, durationMs: null }));
}

const smallButton = "rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800";

function failureMessage(failure: unknown): string {
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (failure instanceof TypeError) return "Could not reach the server. Check your connection and try again.";
  return failure instanceof Error && failure.message ? failure.message : "The assistant could not answer. Try again.";
}

/**
 * A conversation with the assistant as currently edited, through POST /api/assistants/try: nothing
 * is saved, in the form or in any thread. `draft` is null while the form has errors to fix.
 */
export function TryIt({ draft, color, avatarUrl }: { draft: TryDraft | null; color: string; avatarUrl: string | null }) {
  const id = useId();
  const [turns, setTurns] = useState<Turn[]>([]);
  // The reply being streamed; null when none is.
  const [reply, setReply] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  // The rounds of the reply being made that are answered already.
  const [answered, setAnswered] = useState<ToolRound[]>([]);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const controllerRef = useRef<AbortController | null>(null);
  // Bumped by Start over, so that a reply still finishing does not land in the new conversation.
  const conversationRef = useRef(0);
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const streaming = reply !== null;
  const busy = streaming || pending !== null;
  const name = draft?.name ?? "the assistant";

  useEffect(() => () => controllerRef.current?.abort(), []);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [turns, reply, error]);

  async function send() {
    const content = text.trim();
    if (!content || !draft || busy) return;
    setTurns((current) => [...current, { role: "user", content }]);
    setText("");
    await request([...turns, { role: "user", content }], []);
  }

  /** Asks for the reply to `conversation`, continuing from the tool `rounds` answered so far. */
  async function request(conversation: Turn[], rounds: ToolRound[]) {
    if (!draft) return;
    const generation = conversationRef.current;
    const controller = new AbortController();
    controllerRef.current = controller;
    setError(null);
    setReply("");
    let received = "";
    let calls: ModelToolCall[] = [];
    try {
      const response = await fetch("/api/assistants/try", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ draft, conversation: conversation.map(({ role, content }) => ({ role, content })), rounds }),
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        throw new Error(body?.error ?? `The assistant could not be tried (error ${response.status}).`);
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      let ended = false;
      while (!ended) {
        const { done, value } = await reader.read();
        if (done) break;
        const taken = takeEvents(buffer + decoder.decode(value, { stream: true }));
        buffer = taken.rest;
        for (const event of taken.events) {
          if (event.type === "text") {
            received += event.delta;
            setReply(received);
          } else if (event.type === "tool_calls") {
            calls = event.calls;
          } else {
            if (event.type === "error") setError(event.message);
            ended = true;
          }
        }
      }
      if (!ended) throw new Error("The reply was cut off. Try again.");
    } catch (failure) {
      if (!controller.signal.aborted) setError(failureMessage(failure));
    } finally {
      if (conversationRef.current === generation) {
        setReply(null);
        if (calls.length && !controller.signal.aborted) {
          setPending({ text: received, calls, outputs: {} });
          setAnswered(rounds);
        } else if (received || rounds.length) {
          // A stopped reply stays, so that the conversation can go on from what was said.
          setTurns((current) => [...current, { role: "assistant", content: received, stopped: controller.signal.aborted, rounds }]);
          setAnswered([]);
        }
      }
      if (controllerRef.current === controller) controllerRef.current = null;
    }
  }

  /** The person answered one of the calls; once all are, the model continues. */
  async function answer(callId: string, output: string): Promise<{ ok: true }> {
    if (!pending) return { ok: true };
    const outputs = { ...pending.outputs, [callId]: output };
    if (pending.calls.some((call) => outputs[call.id] === undefined)) {
      setPending({ ...pending, outputs });
      return { ok: true };
    }
    const round: ToolRound = { text: pending.text, tool_calls: pending.calls.map((call) => ({ id: call.id, function: { name: call.name, arguments: call.arguments, output: outputs[call.id]! } })) };
    setPending(null);
    void request(turns, [...answered, round]);
    return { ok: true };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Keys that confirm an IME composition are not ours (Safari reports them only as keyCode 229).
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  function stop() {
    controllerRef.current?.abort();
    inputRef.current?.focus();
  }

  function startOver() {
    conversationRef.current++;
    controllerRef.current?.abort();
    setTurns([]);
    setReply(null);
    setPending(null);
    setAnswered([]);
    setError(null);
    inputRef.current?.focus();
  }

  return (
    <section aria-label="Try it" className="flex min-h-0 flex-col rounded-xl border border-zinc-200 bg-zinc-50 lg:h-full dark:border-zinc-800 dark:bg-zinc-900/60">
      <header className="flex items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">Try it</h2>
        <button type="button" className={smallButton} onClick={startOver} disabled={turns.length === 0 && !busy && !error}>
          Start over
        </button>
      </header>

      <div ref={logRef} role="log" aria-label="Conversation" aria-busy={streaming} className="max-h-96 min-h-40 flex-1 space-y-3 overflow-y-auto px-4 py-3 lg:max-h-none">
        {turns.length === 0 && !busy ? (
          <p className="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
            {draft ? `Say something to ${name} to see how it answers with these settings.` : "Fix the highlighted fields to try your changes."}
          </p>
        ) : null}
        {turns.map((turn, index) => (
          <Bubble key={index} turn={turn} name={name} color={color} avatarUrl={avatarUrl} />
        ))}
        {streaming || pending ? <Bubble turn={{ role: "assistant", content: reply ?? pending?.text ?? "", rounds: answered }} name={name} color={color} avatarUrl={avatarUrl} pending={streaming} /> : null}
        {pending
          ? pending.calls
              .filter((call) => pending.outputs[call.id] === undefined)
              .map((call) => (
                <FunctionCard
                  key={call.id}
                  call={{ id: call.id, type: "function", function: { ...call, output: null }, status: "requires_action", startedAt: "", completedAt: null, durationMs: null }}
                  canAnswer
                  onSubmit={answer}
                />
              ))
          : null}
        {error ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
            {error}
          </p>
        ) : null}
      </div>

      <form onSubmit={submit} className="border-t border-zinc-200 p-3 dark:border-zinc-800">
        <label htmlFor={`${id}-message`} className="sr-only">
          Message to try
        </label>
        <div className="flex items-end gap-2 rounded-lg border border-zinc-300 bg-white p-1.5 has-[textarea:focus-visible]:border-indigo-500 has-[textarea:focus-visible]:ring-2 has-[textarea:focus-visible]:ring-indigo-500/40 dark:border-zinc-700 dark:bg-zinc-950">
          <textarea
            ref={inputRef}
            id={`${id}-message`}
            rows={2}
            value={text}
            disabled={!draft}
            placeholder={draft ? `Message ${name}…` : "Fix the form to try it"}
            aria-describedby={`${id}-keys`}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={keyDown}
            className="max-h-40 min-w-0 flex-1 resize-none bg-transparent px-1.5 py-1 text-sm focus-visible:outline-none disabled:cursor-not-allowed"
          />
          {streaming ? (
            <button type="button" onClick={stop} className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Stop
            </button>
          ) : (
            <button
              type="submit"
              aria-label="Send to the assistant being tried"
              disabled={!draft || !text.trim() || busy}
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50"
            >
              Send
            </button>
          )}
        </div>
        <p id={`${id}-keys`} className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
          Enter sends, Shift+Enter adds a line.
        </p>
      </form>
      <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">Uses your unsaved changes. Nothing here is saved.</p>
    </section>
  );
}

function Bubble({ turn, name, color, avatarUrl, pending = false }: { turn: Turn; name: string; color: string; avatarUrl: string | null; pending?: boolean }) {
  if (turn.role === "user") {
    return (
      <div className="flex justify-end">
        <p className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-sm bg-indigo-600 px-3 py-2 text-sm text-white">
          <span className="sr-only">You: </span>
          {turn.content}
        </p>
      </div>
    );
  }
  return (
    <div className="flex items-start gap-2">
      <Avatar name={name} image={avatarUrl} color={color} size={24} />
      <div className="min-w-0 max-w-[85%] rounded-2xl rounded-tl-sm border border-zinc-200 bg-white px-3 py-1.5 dark:border-zinc-800 dark:bg-zinc-950">
        <span className="sr-only">{name}: </span>
        {turn.rounds?.length ? (
          <div className="mb-1.5">
            <ToolCallList label="Tool calls" calls={turn.rounds.flatMap(records)} />
          </div>
        ) : null}
        {turn.content ? <MessageContent content={turn.content} /> : null}
        {pending && !turn.content ? <p className="py-0.5 text-sm text-zinc-500 dark:text-zinc-400">Thinking…</p> : null}
        {turn.stopped ? <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">Stopped.</p> : null}
      </div>
    </div>
  );
}
