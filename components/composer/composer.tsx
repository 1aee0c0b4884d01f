"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from "react";
import { flushSync } from "react-dom";
import { insertMention, mentionQueryAt, suggestMentions, userHandle, type MentionCandidate } from "@/lib/mentions";
import { Avatar } from "../avatar";
import { AttachmentList } from "../files/attachment-list";
import { pastedFiles, type Attachments } from "../files/use-attachments";

type Candidate = MentionCandidate & { color?: string; image?: string | null };

const TYPING_INTERVAL_MS = 3000;

// People are mentioned by their name as one word; see userHandle.
const handleOf = (candidate: Candidate) => (candidate.kind === "assistant" ? candidate.handle : userHandle(candidate.name));

const draftKey = (threadId: string) => `roundtable:draft:${threadId}`;

// Storage can be full or switched off (private browsing); a lost draft must not break the composer.
function readDraft(threadId: string): string {
  try {
    return window.localStorage.getItem(draftKey(threadId)) ?? "";
  } catch {
    return "";
  }
}

function writeDraft(threadId: string, text: string) {
  try {
    if (text) window.localStorage.setItem(draftKey(threadId), text);
    else window.localStorage.removeItem(draftKey(threadId));
  } catch {}
}

export function Composer({
  threadId,
  candidates,
  onSend,
  onTyping,
  disabled = false,
  disabledReason,
  attachments,
}: {
  threadId: string;
  candidates: Candidate[];
  /** `clientId` is the same for every attempt to send one draft, so that the server stores it once. */
  onSend: (content: string, fileIds: string[], clientId: string) => Promise<void>;
  onTyping?: () => void;
  disabled?: boolean;
  disabledReason?: string;
  /** From useAttachments: turns on attaching files (button, paste) and sends them with the message. */
  attachments?: Attachments;
}) {
  const id = useId();
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const lastTypingAt = useRef(0);
  // The draft last sent and its key: sending it again after a failure (the post may have been
  // stored even so) reuses the key; a changed draft is a new message.
  const attempt = useRef<{ draft: string; clientId: string } | null>(null);
  const [text, setText] = useState("");
  // Null while a range is selected: completions only make sense at a plain caret.
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  // The `@` whose suggestions were closed with Escape; they stay closed until that mention ends.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const waitingForUploads = attachments ? !attachments.ready : false;

  // After hydration, so that server and client render the same empty composer first.
  useEffect(() => {
    setText(readDraft(threadId));
    setError(null);
  }, [threadId]);

  useLayoutEffect(() => {
    const textarea = textareaRef.current;
    if (!textarea) return;
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight}px`;
  }, [text, disabled]);

  const query = caret === null ? null : mentionQueryAt(text, caret);
  const options = query && query.start !== dismissedAt ? suggestMentions(candidates, query.query) : [];
  const open = options.length > 0;
  const activeIndex = Math.min(active, options.length - 1);
  const listboxId = `${id}-mentions`;
  const optionId = (index: number) => `${id}-mention-${index}`;

  function track(value: string, textarea: HTMLTextAreaElement) {
    const at = textarea.selectionStart === textarea.selectionEnd ? textarea.selectionStart : null;
    if (at !== caret || value !== text) setActive(0);
    if (at === null || mentionQueryAt(value, at)?.start !== dismissedAt) setDismissedAt(null);
    setCaret(at);
  }

  function change(value: string, textarea: HTMLTextAreaElement) {
    setText(value);
    writeDraft(threadId, value);
    track(value, textarea);
    const now = Date.now();
    if (onTyping && value.trim() && now - lastTypingAt.current >= TYPING_INTERVAL_MS) {
      lastTypingAt.current = now;
      onTyping();
    }
  }

  function pick(candidate: Candidate) {
    if (!query || caret === null) return;
    const next = insertMention(text, { start: query.start, caret }, handleOf(candidate));
    // The new value must be in the textarea before the caret can be placed in it.
    flushSync(() => {
      setText(next.text);
      setCaret(next.caret);
      setActive(0);
    });
    textareaRef.current?.setSelectionRange(next.caret, next.caret);
    writeDraft(threadId, next.text);
  }

  async function send() {
    const content = text.trim();
    if (!content || sending || waitingForUploads) return;
    // Only what goes with this message is cleared after it: files added while it is being sent stay.
    const sent = attachments?.items.map((attachment) => attachment.key) ?? [];
    const fileIds = attachments?.fileIds ?? [];
    const draft = JSON.stringify([threadId, content, fileIds]);
    if (attempt.current?.draft !== draft) attempt.current = { draft, clientId: crypto.randomUUID() };
    setSending(true);
    setError(null);
    try {
      await onSend(content, fileIds, attempt.current.clientId);
      attempt.current = null;
      setText("");
      writeDraft(threadId, "");
      attachments?.clear(sent);
    } catch (failure) {
      setError(failure instanceof Error && failure.message ? failure.message : "Could not send. Try again.");
    } finally {
      setSending(false);
      textareaRef.current?.focus();
    }
  }

  function paste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = pastedFiles(Array.from(event.clipboardData.types), Array.from(event.clipboardData.files));
    if (!attachments || files.length === 0) return;
    event.preventDefault();
    attachments.add(files);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send();
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Keys that confirm an IME composition are not ours (Safari reports them only as keyCode 229).
    if (event.nativeEvent.isComposing || event.keyCode === 229) return;
    if (open && query) {
      const move = event.key === "ArrowDown" ? 1 : event.key === "ArrowUp" ? -1 : 0;
      if (move) {
        event.preventDefault();
        setActive((activeIndex + move + options.length) % options.length);
        return;
      }
      if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey) {
        event.preventDefault();
        pick(options[activeIndex]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setDismissedAt(query.start);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  if (disabled) {
    return (
      <p className="rounded-lg border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
        {disabledReason ?? "You cannot post in this thread."}
      </p>
    );
  }

  const status = waitingForUploads
    ? "Waiting for uploads…"
    : attachments?.fileIds.length && !text.trim()
      ? "Write a message to send with the files."
      : "";

  return (
    <form onSubmit={submit}>
      <div className="relative rounded-lg border border-zinc-300 bg-white p-2 shadow-sm has-[textarea:focus-visible]:border-indigo-500 has-[textarea:focus-visible]:ring-2 has-[textarea:focus-visible]:ring-indigo-500/40 dark:border-zinc-700 dark:bg-zinc-900 dark:has-[textarea:focus-visible]:border-indigo-400">
        <ul
          id={listboxId}
          role="listbox"
          aria-label="Mention suggestions"
          hidden={!open}
          className="absolute bottom-full left-0 z-10 mb-2 max-h-80 w-full max-w-sm overflow-y-auto rounded-lg border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {options.map((candidate, index) => (
            <li
              key={`${candidate.kind}:${candidate.id}`}
              id={optionId(index)}
              role="option"
              aria-selected={index === activeIndex}
              // Keep focus (and the caret) in the textarea while picking with the mouse.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(candidate);
              }}
              onMouseMove={() => setActive(index)}
              className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-sm aria-selected:bg-indigo-50 dark:aria-selected:bg-indigo-950"
            >
              <Avatar name={candidate.name} image={candidate.image} color={candidate.color} size={24} />
              <span className="min-w-0 flex-1 truncate">
                <span className="font-medium">{candidate.name}</span>{" "}
                <span className="text-zinc-500 dark:text-zinc-400">@{handleOf(candidate)}</span>
              </span>
              <span className="shrink-0 rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
                {candidate.kind === "assistant" ? "assistant" : "person"}
              </span>
            </li>
          ))}
        </ul>
        {attachments ? (
          // Writing is what comes next once a chip is removed.
          <AttachmentList label="Attachments" items={attachments.items} afterRemove={() => textareaRef.current?.focus()} className="mb-2" />
        ) : null}
        <div className="flex items-end gap-2">
          {attachments ? (
            <>
              <button
                type="button"
                aria-label="Attach files"
                title="Attach files"
                onClick={() => fileInputRef.current?.click()}
                className="flex h-9 w-9 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
              >
                <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5">
                  <path
                    fillRule="evenodd"
                    d="M15.621 4.379a3 3 0 0 0-4.242 0l-7 7a3 3 0 0 0 4.241 4.243h.001l.497-.5a.75.75 0 0 1 1.064 1.057l-.498.501-.002.002a4.5 4.5 0 0 1-6.364-6.364l7-7a4.5 4.5 0 0 1 6.368 6.36l-3.455 3.553A2.625 2.625 0 1 1 9.52 9.52l3.45-3.451a.75.75 0 1 1 1.061 1.06l-3.45 3.451a1.125 1.125 0 0 0 1.587 1.595l3.454-3.553a3 3 0 0 0 0-4.242Z"
                    clipRule="evenodd"
                  />
                </svg>
              </button>
              {/* Opened by the button above, which is what the keyboard reaches. */}
              <input
                ref={fileInputRef}
                type="file"
                multiple
                hidden
                aria-label="Choose files to attach"
                onChange={(event) => {
                  attachments.add(Array.from(event.target.files ?? []));
                  // So that choosing the same file again is a change too.
                  event.target.value = "";
                }}
              />
            </>
          ) : null}
          <textarea
            ref={textareaRef}
            rows={1}
            value={text}
            readOnly={sending}
            placeholder="Message the thread — type @ to mention an assistant"
            aria-label="Message"
            aria-describedby={`${id}-hint`}
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listboxId}
            aria-activedescendant={open ? optionId(activeIndex) : undefined}
            onChange={(event) => change(event.target.value, event.target)}
            onSelect={(event) => track(event.currentTarget.value, event.currentTarget)}
            onFocus={(event) => track(event.currentTarget.value, event.currentTarget)}
            onBlur={() => setCaret(null)}
            onKeyDown={keyDown}
            onPaste={attachments ? paste : undefined}
            className="max-h-[40vh] min-h-9 flex-1 resize-none overflow-y-auto bg-transparent px-2 py-1.5 text-sm leading-6 placeholder:text-zinc-500 focus-visible:outline-none dark:placeholder:text-zinc-400"
          />
          <span id={`${id}-hint`} className="sr-only">
            Enter sends, Shift+Enter adds a new line.
          </span>
          <button
            type="submit"
            aria-label="Send message"
            disabled={!text.trim() || sending || waitingForUploads}
            aria-describedby={status ? `${id}-status` : undefined}
            className="flex h-9 w-9 shrink-0 items-center justify-center rounded-md bg-indigo-600 text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-indigo-600"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
              <path d="M3.1 2.3a.75.75 0 0 0-1 .9l1.9 6.05H11a.75.75 0 0 1 0 1.5H4l-1.9 6.05a.75.75 0 0 0 1 .9l15-7.1a.75.75 0 0 0 0-1.35l-15-7.1Z" />
            </svg>
          </button>
        </div>
      </div>
      {attachments ? (
        <p id={`${id}-status`} role="status" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          {status}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}
