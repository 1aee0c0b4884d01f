// Mentions: `@handle` in a message, resolved against who is in the thread. Pure: the composer uses
// it in the browser to suggest handles, and the server uses it to decide who was mentioned.

export type MentionCandidate = { kind: "assistant" | "user"; id: string; handle: string; name: string };
export type Mention = { kind: "assistant" | "user"; id: string; handle: string };

// Letters include their combining marks, so that names in scripts like Devanagari stay whole.
const HANDLE_CHARS = String.raw`\p{L}\p{M}\p{N}_\-`;
const BEFORE_AT = String.raw`\s([{"'`;
const MENTION = new RegExp(String.raw`(?<=^|[${BEFORE_AT}])@([${HANDLE_CHARS}]+)`, "gu");
const QUERY_BEFORE_CARET = new RegExp(String.raw`(?:^|[${BEFORE_AT}])@([${HANDLE_CHARS}]*)$`, "u");
const HANDLE_PREFIX = new RegExp(String.raw`^[${HANDLE_CHARS}]*`, "u");
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
// A run of N backticks up to the next run of exactly N, within one paragraph (as in CommonMark).
const INLINE_CODE = /(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])*?(?<!`)\1(?!`)/g;

const key = (handle: string) => handle.normalize("NFC").toLowerCase();

/** The mention token for a person: their name without spaces or punctuation ("Ada Lovelace" → "AdaLovelace"). */
export function userHandle(name: string): string {
  return name.normalize("NFC").replace(/[^\p{L}\p{M}\p{N}]/gu, "");
}

// Code is quoted, not addressed. Fenced blocks become empty lines and inline spans a lone backtick,
// so what follows them is still judged by the character before its `@`.
function withoutCode(content: string): string {
  let fence: string | null = null;
  const lines = content.split("\n").map((line) => {
    if (fence !== null) {
      const close = FENCE_CLOSE.exec(line)?.[1];
      if (close && close[0] === fence[0] && close.length >= fence.length) fence = null;
      return "";
    }
    const open = FENCE_OPEN.exec(line)?.[1];
    if (open) {
      fence = open;
      return "";
    }
    return line;
  });
  return lines.join("\n").replace(INLINE_CODE, "`");
}

/** Mentions in order of first appearance in the text; each candidate at most once. */
export function resolveMentions(content: string, candidates: MentionCandidate[]): Mention[] {
  // On a shared handle the earlier candidate wins: callers list assistants before people.
  const byHandle = new Map<string, MentionCandidate>();
  for (const candidate of candidates) if (!byHandle.has(key(candidate.handle))) byHandle.set(key(candidate.handle), candidate);

  const found: Mention[] = [];
  for (const match of withoutCode(content).matchAll(MENTION)) {
    const candidate = byHandle.get(key(match[1]!));
    if (candidate && !found.some((mention) => mention.kind === candidate.kind && mention.id === candidate.id)) {
      found.push({ kind: candidate.kind, id: candidate.id, handle: candidate.handle });
    }
  }
  return found;
}

/** Every `@handle` written outside code, lower-cased, in order of first appearance: including ones that name nobody in the thread. */
export function mentionedHandles(content: string): string[] {
  return [...new Set([...withoutCode(content).matchAll(MENTION)].map((match) => key(match[1]!)))];
}

/**
 * The `@query` being typed at the caret, if any: its text and the index of its `@`. The `@` may
 * follow what a mention may follow in resolveMentions, so that whatever is completed also resolves.
 */
export function mentionQueryAt(text: string, caret: number): { query: string; start: number } | null {
  const match = QUERY_BEFORE_CARET.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1]!;
  return { query, start: caret - query.length - 1 };
}

/** Who to offer for `@query`: a case-insensitive match on handle or name, assistants first. */
export function suggestMentions<C extends MentionCandidate>(candidates: C[], query: string, limit = 8): C[] {
  const wanted = key(query);
  const matches = candidates.filter(
    (candidate) => candidate.handle !== "" && (key(candidate.handle).includes(wanted) || key(candidate.name).includes(wanted)),
  );
  return [...matches.filter((match) => match.kind === "assistant"), ...matches.filter((match) => match.kind === "user")].slice(0, limit);
}

/**
 * Completes the `@query` that starts at `start` with `@handle `, replacing the rest of the word
 * under the caret too, and returns the new text and where the caret goes.
 */
export function insertMention(text: string, { start, caret }: { start: number; caret: number }, handle: string): { text: string; caret: number } {
  const end = caret + HANDLE_PREFIX.exec(text.slice(caret))![0].length;
  const inserted = `@${handle} `;
  return { text: text.slice(0, start) + inserted + text.slice(end).replace(/^ /, ""), caret: start + inserted.length };
}
