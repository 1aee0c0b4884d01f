"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { mentionQueryAt, userHandle, type MentionCandidate } from "@/lib/mentions";
import { Avatar } from "../avatar";

type Candidate = MentionCandidate & { color?: string; image?: string | null };

const MAX_SUGGESTIONS = 8;
const TYPING_EVERY_MS = 3_000;
const draftKey = (threadId: string) => `roundtable:draft:${threadId}`;

function tokenOf(candidate: Candidate): string {
  return candidate.kind === "assistant" ? candidate.handle : userHandle(candidate.name);
}

function suggestionsFor(query: string, candidates: Candidate[]): Candidate[] {
  const needle = query.toLowerCase();
  const matches = candidates.filter((c) => c.handle.toLowerCase().includes(needle) || c.name.toLowerCase().includes(needle));
  // Assistants first: mentioning one is what starts a reply.
  return [...matches.filter((c) => c.kind === "assistant"), ...matches.filter((c) => c.kind === "user")].slice(0, MAX_SUGGESTIONS);
}

/**
 * Where people write: Enter sends, Shift+Enter adds a line, `@` suggests the thread's assistants
 * and people, and the draft is kept per thread across reloads.
 */
export function Composer({
  threadId,
  candidates,
  onSend,
  onTyping,
  disabled,
  disabledReason,
}: {
  threadId: string;
  candidates: Candidate[];
  onSend: (content: string) => Promise<void>;
  onTyping?: () => void;
  disabled?: boolean;
  disabledReason?: string;
}) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mention, setMention] = useState<{ query: string; start: number } | null>(null);
  const [active, setActive] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const listboxId = useId();

  // Restored after hydration: the server cannot know what this browser kept.
  useEffect(() => {
    const saved = window.localStorage.getItem(draftKey(threadId));
    if (saved) setText(saved);
  }, [threadId]);

  useEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, window.innerHeight * 0.4)}px`;
  }, [text]);

  const suggestions = mention ? suggestionsFor(mention.query, candidates) : [];
  const open = suggestions.length > 0;

  function update(value: string, caret: number) {
    setText(value);
    if (value) window.localStorage.setItem(draftKey(threadId), value);
    else window.localStorage.removeItem(draftKey(threadId));
    setMention(mentionQueryAt(value, caret));
    setActive(0);
    if (onTyping && value && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      onTyping();
    }
  }

  function pick(candidate: Candidate) {
    const element = textarea.current;
    if (!mention || !element) return;
    const caret = element.selectionStart;
    const inserted = `@${tokenOf(candidate)} `;
    const value = text.slice(0, mention.start) + inserted + text.slice(caret);
    update(value, mention.start + inserted.length);
    setMention(null);
    requestAnimationFrame(() => element.setSelectionRange(mention.start + inserted.length, mention.start + inserted.length));
  }

  async function send() {
    if (!text.trim() || sending) return;
    setSending(true);
    setError(null);
    try {
      await onSend(text);
      update("", 0);
    } catch (caught) {
      setError(caught instanceof Error && caught.message ? caught.message : "Could not send. Try again.");
    } finally {
      setSending(false);
      textarea.current?.focus();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (open) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((index) => (index + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(suggestions[active]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setMention(null);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  }

  if (disabled) {
    return <p className="rounded-lg border border-zinc-200 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">{disabledReason}</p>;
  }

  return (
    <div className="relative">
      {open ? (
        <ul
          id={listboxId}
          role="listbox"
          aria-label="Mention suggestions"
          className="absolute bottom-full left-0 z-10 mb-1 max-h-72 w-72 overflow-y-auto rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {suggestions.map((candidate, index) => (
            <li
              key={`${candidate.kind}:${candidate.id}`}
              id={`${listboxId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(candidate);
              }}
              className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm ${index === active ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
            >
              <Avatar name={candidate.name} image={candidate.image} color={candidate.color} size={24} />
              <span className="min-w-0 flex-1 truncate">
                {candidate.name} <span className="text-zinc-500">@{tokenOf(candidate)}</span>
              </span>
              <span className="text-xs text-zinc-500">{candidate.kind === "assistant" ? "assistant" : "person"}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-end gap-2 rounded-lg border border-zinc-300 bg-white p-2 focus-within:border-indigo-500 dark:border-zinc-700 dark:bg-zinc-900">
        <textarea
          ref={textarea}
          aria-label="Message"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listboxId}
          aria-activedescendant={open ? `${listboxId}-${active}` : undefined}
          rows={1}
          value={text}
          placeholder="Message the thread — type @ to mention an assistant"
          onChange={(event) => update(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => setMention(null)}
          className="max-h-[40vh] min-h-[2.25rem] flex-1 resize-none bg-transparent px-2 py-1.5 text-sm outline-none"
        />
        <button
          type="button"
          aria-label="Send message"
          disabled={!text.trim() || sending}
          onClick={() => void send()}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-500 disabled:opacity-50"
        >
          Send
        </button>
      </div>
      {error ? (
        <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
