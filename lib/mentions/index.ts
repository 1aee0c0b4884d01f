// Mentions: `@handle` in a message, resolved against who is in the thread. Pure: used by the
// composer in the browser and by the server, which is the one that stores them.

export type MentionCandidate = { kind: "assistant" | "user"; id: string; handle: string; name: string };
export type Mention = { kind: "assistant" | "user"; id: string; handle: string };

const HANDLE_CHAR = /[\p{L}\p{N}_-]/u;
const MENTION = /(^|[\s([{"'])@([\p{L}\p{N}_-]+)/gu;

/** The mention token for a person: their name without spaces or punctuation ("Ada Lovelace" → "AdaLovelace"). */
export function userHandle(name: string): string {
  return name.replace(/[^\p{L}\p{N}_-]/gu, "");
}

// Code is quoted, not addressed: blank it out (keeping offsets) before looking for mentions.
function withoutCode(content: string): string {
  const blank = (match: string) => match.replace(/[^\n]/g, " ");
  return content.replace(/```[\s\S]*?(```|$)/g, blank).replace(/`[^`\n]*`/g, blank);
}

/** Mentions in order of first appearance in the text; each candidate at most once. */
export function resolveMentions(content: string, candidates: MentionCandidate[]): Mention[] {
  const byHandle = new Map(candidates.map((candidate) => [candidate.handle.toLowerCase(), candidate]));
  const found: Mention[] = [];
  for (const match of withoutCode(content).matchAll(MENTION)) {
    const candidate = byHandle.get(match[2]!.toLowerCase());
    if (candidate && !found.some((mention) => mention.id === candidate.id && mention.kind === candidate.kind)) {
      found.push({ kind: candidate.kind, id: candidate.id, handle: candidate.handle });
    }
  }
  return found;
}

/** The `@query` being typed at the caret, if any: where its `@` is and what follows it. */
export function mentionQueryAt(text: string, caret: number): { query: string; start: number } | null {
  let start = caret;
  while (start > 0 && HANDLE_CHAR.test(text[start - 1]!)) start -= 1;
  if (start === 0 || text[start - 1] !== "@") return null;
  const at = start - 1;
  if (at > 0 && !/[\s([{"']/.test(text[at - 1]!)) return null;
  return { query: text.slice(start, caret), start: at };
}
