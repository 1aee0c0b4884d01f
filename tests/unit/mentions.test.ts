import { describe, expect, it } from "vitest";
import { insertMention, mentionedHandles, mentionQueryAt, resolveMentions, suggestMentions, userHandle, type MentionCandidate } from "../../lib/mentions";

const analyst: MentionCandidate = { kind: "assistant", id: "a1", handle: "analyst", name: "Analyst" };
const writer: MentionCandidate = { kind: "assistant", id: "a2", handle: "writer", name: "Writer" };
const ada: MentionCandidate = { kind: "user", id: "u1", handle: "AdaLovelace", name: "Ada Lovelace" };
const grace: MentionCandidate = { kind: "user", id: "u2", handle: "GraceHopper", name: "Grace Hopper" };
const candidates = [analyst, writer, ada, grace];

const handles = (content: string, from = candidates) => resolveMentions(content, from).map((mention) => mention.handle);

describe("userHandle", () => {
  it("drops spaces and punctuation from a name", () => {
    expect(userHandle("Ada Lovelace")).toBe("AdaLovelace");
    expect(userHandle("  Jean-Luc O'Neil, Jr. ")).toBe("JeanLucONeilJr");
    expect(userHandle("grace_hopper 2")).toBe("gracehopper2");
  });

  it("keeps letters of any script, with their marks", () => {
    expect(userHandle("José Álvarez")).toBe("JoséÁlvarez");
    expect(userHandle("Jose\u0301")).toBe("José"); // decomposed é becomes one letter
    expect(userHandle("प्रिया शर्मा")).toBe("प्रियाशर्मा");
    expect(userHandle("李 小龙")).toBe("李小龙");
  });

  it("gives an empty handle for a name with no letters or digits", () => {
    expect(userHandle("🙂 !!")).toBe("");
  });
});

describe("resolveMentions", () => {
  it("returns the candidate's kind, id and handle", () => {
    expect(resolveMentions("@analyst what do you think, @AdaLovelace?", candidates)).toEqual([
      { kind: "assistant", id: "a1", handle: "analyst" },
      { kind: "user", id: "u1", handle: "AdaLovelace" },
    ]);
  });

  it("finds nothing when nobody is mentioned", () => {
    expect(handles("")).toEqual([]);
    expect(handles("just talking")).toEqual([]);
    expect(handles("a lone @ sign")).toEqual([]);
    expect(handles("@analyst", [])).toEqual([]);
  });

  it("lists mentions in order of first appearance, each candidate once", () => {
    expect(handles("@writer then @analyst then @writer again and @ANALYST")).toEqual(["writer", "analyst"]);
    expect(handles("@GraceHopper @analyst @AdaLovelace")).toEqual(["GraceHopper", "analyst", "AdaLovelace"]);
  });

  it("matches case-insensitively and returns the candidate's own casing", () => {
    expect(handles("@ANALYST @adalovelace @gRaCeHoPpEr")).toEqual(["analyst", "AdaLovelace", "GraceHopper"]);
  });

  it("matches at the start of the text, after whitespace, and after an opening bracket or quote", () => {
    expect(handles("@analyst")).toEqual(["analyst"]);
    for (const before of [" ", "\n", "\t", "(", "[", "{", '"', "'"]) {
      expect(handles(`hey${before}@analyst`), JSON.stringify(before)).toEqual(["analyst"]);
    }
  });

  it("does not match after other characters, as in an email address", () => {
    expect(handles("mail ada@analyst.com")).toEqual([]);
    expect(handles("x@analyst")).toEqual([]);
    expect(handles("1@analyst")).toEqual([]);
    expect(handles("_@analyst")).toEqual([]);
    expect(handles("a.@analyst")).toEqual([]);
    expect(handles("@@analyst")).toEqual([]);
    expect(handles("@writer@analyst")).toEqual(["writer"]);
  });

  it("ends a handle at punctuation or the end of the text", () => {
    for (const after of [",", ".", "!", "?", ":", ";", ")", "]", "}", '"', "'", "…", "—", "/", " ", "\n", ""]) {
      expect(handles(`@analyst${after} go`), JSON.stringify(after)).toEqual(["analyst"]);
    }
    expect(handles("(@analyst)")).toEqual(["analyst"]);
    expect(handles('"@analyst"')).toEqual(["analyst"]);
  });

  it("does not match a longer handle that starts with a candidate's", () => {
    expect(handles("@analysts @analyst_2 @analyst-bot @analyst9 @analysté")).toEqual([]);
    expect(handles("@analysts and @analyst")).toEqual(["analyst"]);
  });

  it("does not match part of a handle", () => {
    expect(handles("@analy @Ada @AdaLove")).toEqual([]);
  });

  it("ignores inline code", () => {
    expect(handles("run `@analyst` please")).toEqual([]);
    expect(handles("`@analyst` then @writer")).toEqual(["writer"]);
    expect(handles("``code with ` and @analyst`` @writer")).toEqual(["writer"]);
    expect(handles("`a`@analyst")).toEqual([]); // follows a backtick, not a space
    expect(handles("`one` @analyst `two`")).toEqual(["analyst"]);
  });

  it("treats an unmatched backtick as text", () => {
    expect(handles("a ` then @analyst")).toEqual(["analyst"]);
    expect(handles("``not closed` @analyst")).toEqual(["analyst"]);
  });

  it("ends inline code at a blank line, as Markdown does", () => {
    expect(handles("`open\n\n@analyst here `x`")).toEqual(["analyst"]);
    expect(handles("`spans\n@analyst lines`")).toEqual([]);
  });

  it("ignores fenced code blocks", () => {
    expect(handles("look:\n```\n@analyst\n```\n@writer")).toEqual(["writer"]);
    expect(handles("```ts\nconst x = '@analyst';\n```")).toEqual([]);
    expect(handles("~~~\n@analyst\n~~~\n@writer")).toEqual(["writer"]);
    expect(handles("````\n```\n@analyst\n````\n@writer")).toEqual(["writer"]);
    expect(handles("   ```\n@analyst\n   ```\n@writer")).toEqual(["writer"]);
  });

  it("runs an unclosed fence to the end of the text", () => {
    expect(handles("@writer\n```\n@analyst")).toEqual(["writer"]);
    expect(handles("```\n@analyst\n```not a close\n@writer")).toEqual([]);
  });

  it("reads triple backticks within a line as inline code, not a fence", () => {
    expect(handles("```@analyst``` and @writer")).toEqual(["writer"]);
  });

  it("prefers the earlier candidate when two share a handle", () => {
    const namesake: MentionCandidate = { kind: "user", id: "u3", handle: "Analyst", name: "Analyst" };
    expect(resolveMentions("@analyst", [analyst, namesake])).toEqual([{ kind: "assistant", id: "a1", handle: "analyst" }]);
  });

  it("matches handles in other scripts", () => {
    const priya: MentionCandidate = { kind: "user", id: "u4", handle: userHandle("प्रिया शर्मा"), name: "प्रिया शर्मा" };
    expect(handles("नमस्ते @प्रियाशर्मा!", [priya])).toEqual(["प्रियाशर्मा"]);
    const jose: MentionCandidate = { kind: "user", id: "u5", handle: "José", name: "José" };
    expect(handles("hola @JOSÉ", [jose])).toEqual(["José"]);
  });
});

describe("mentionQueryAt", () => {
  it("finds the @query that ends at the caret", () => {
    expect(mentionQueryAt("@", 1)).toEqual({ query: "", start: 0 });
    expect(mentionQueryAt("@ana", 4)).toEqual({ query: "ana", start: 0 });
    expect(mentionQueryAt("hi @ana", 7)).toEqual({ query: "ana", start: 3 });
    expect(mentionQueryAt("hi\n@", 4)).toEqual({ query: "", start: 3 });
    expect(mentionQueryAt("hi @Ada_L-9", 11)).toEqual({ query: "Ada_L-9", start: 3 });
  });

  it("uses only the text before the caret", () => {
    expect(mentionQueryAt("@analyst", 4)).toEqual({ query: "ana", start: 0 });
    expect(mentionQueryAt("hi @ana and more", 7)).toEqual({ query: "ana", start: 3 });
    expect(mentionQueryAt("@ana @wri", 4)).toEqual({ query: "ana", start: 0 });
    expect(mentionQueryAt("@ana @wri", 9)).toEqual({ query: "wri", start: 5 });
  });

  it("is null when the caret is not in a mention", () => {
    expect(mentionQueryAt("", 0)).toBeNull();
    expect(mentionQueryAt("@ana", 0)).toBeNull(); // before the @
    expect(mentionQueryAt("hello", 5)).toBeNull();
    expect(mentionQueryAt("@ana ", 5)).toBeNull(); // after the space that ends it
    expect(mentionQueryAt("@ana,", 5)).toBeNull();
    expect(mentionQueryAt("hi @ana", 2)).toBeNull();
  });

  it("is null when the @ follows a letter, digit or other character", () => {
    expect(mentionQueryAt("ada@ex", 6)).toBeNull();
    expect(mentionQueryAt("a@", 2)).toBeNull();
    expect(mentionQueryAt("1@", 2)).toBeNull();
    expect(mentionQueryAt("@@", 2)).toBeNull();
    expect(mentionQueryAt(".@a", 3)).toBeNull();
  });

  it("accepts an @ after an opening bracket or quote, as resolveMentions does", () => {
    expect(mentionQueryAt("(@an", 4)).toEqual({ query: "an", start: 1 });
    expect(mentionQueryAt('"@', 2)).toEqual({ query: "", start: 1 });
  });
});

describe("suggestMentions", () => {
  const people = Array.from({ length: 10 }, (_, i): MentionCandidate => ({ kind: "user", id: `p${i}`, handle: `Person${i}`, name: `Person ${i}` }));

  it("lists assistants first, then people, keeping the given order within each", () => {
    expect(suggestMentions([ada, analyst, grace, writer], "").map((c) => c.id)).toEqual(["a1", "a2", "u1", "u2"]);
  });

  it("matches the query case-insensitively against handle and name", () => {
    expect(suggestMentions(candidates, "ANA").map((c) => c.id)).toEqual(["a1"]);
    expect(suggestMentions(candidates, "lovelace").map((c) => c.id)).toEqual(["u1"]);
    expect(suggestMentions(candidates, "r").map((c) => c.id)).toEqual(["a2", "u2"]);
    expect(suggestMentions(candidates, "zzz")).toEqual([]);
  });

  it("offers at most eight", () => {
    expect(suggestMentions([...people, analyst], "")).toHaveLength(8);
    expect(suggestMentions([...people, analyst], "")[0]).toBe(analyst);
  });

  it("keeps the candidates' extra fields and skips empty handles", () => {
    const colored = { ...analyst, color: "#f00" };
    expect(suggestMentions([colored, { kind: "user", id: "x", handle: "", name: "🙂" }], "")).toEqual([colored]);
  });
});

describe("insertMention", () => {
  it("replaces the @query with the handle and a space, and puts the caret after them", () => {
    expect(insertMention("hi @ana", { start: 3, caret: 7 }, "analyst")).toEqual({ text: "hi @analyst ", caret: 12 });
    expect(insertMention("@", { start: 0, caret: 1 }, "writer")).toEqual({ text: "@writer ", caret: 8 });
  });

  it("keeps the text after the caret, without doubling a space", () => {
    expect(insertMention("@an please", { start: 0, caret: 3 }, "analyst")).toEqual({ text: "@analyst please", caret: 9 });
    expect(insertMention("@an, please", { start: 0, caret: 3 }, "analyst")).toEqual({ text: "@analyst , please", caret: 9 });
  });

  it("replaces the rest of the word under the caret", () => {
    expect(insertMention("@anXYZ ok", { start: 0, caret: 3 }, "analyst")).toEqual({ text: "@analyst ok", caret: 9 });
  });
});

describe("mentionedHandles", () => {
  it("lists every handle written outside code, lower-cased and once, whether or not it names anyone", () => {
    expect(mentionedHandles("Ask @Stranger, then @analyst and @stranger again; `@code` is quoted")).toEqual(["stranger", "analyst"]);
    expect(mentionedHandles("no mentions, just mail@example.com")).toEqual([]);
  });
});
