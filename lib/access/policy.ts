// Who may do what: the one table every server action and route handler is checked against
// (through lib/access/guard.ts), and the run engine too (a run starts or continues only while
// its thread allows it). Types and pure functions only, so that the browser may use it to decide
// which controls to show.
import type { ThreadRole } from "../threads/dto";

const MEMBERS = ["owner", "member"] as const satisfies readonly ThreadRole[];
const OWNERS = ["owner"] as const satisfies readonly ThreadRole[];

/** What a rule needs to know about the thread: who may, and whether it works on an archived thread. */
type ThreadRule = { scope: "thread"; roles: readonly ThreadRole[]; archived: "allow" | "refuse"; authorOnly?: true };
type Rule =
  /** Anyone signed in (what they then see is filtered to what they may see). */
  | { scope: "account" }
  /** The instance's administrators only. */
  | { scope: "admin" }
  /** The assistant's creator, or an administrator. */
  | { scope: "assistantEditor" }
  /** Whoever may see the file (lib/files/access.ts: its uploader, members where it is shared, anyone for an assistant's). */
  | { scope: "fileViewer" }
  | ThreadRule;

const thread = (roles: readonly ThreadRole[], archived: "allow" | "refuse", authorOnly?: true): ThreadRule => ({ scope: "thread", roles, archived, authorOnly });
const ACCOUNT = { scope: "account" } as const;

/**
 * Every verb of the product. An archived thread is read-only: it can be read, left, unarchived,
 * cleaned of members and invites, and its runs stopped; nothing new starts in it.
 */
export const POLICY = {
  "thread.create": ACCOUNT,
  "thread.list": ACCOUNT,
  "thread.read": thread(MEMBERS, "allow"),
  "thread.rename": thread(MEMBERS, "refuse"),
  "thread.archive": thread(OWNERS, "allow"),
  "thread.leave": thread(MEMBERS, "allow"),
  "member.remove": thread(OWNERS, "allow"),
  "invite.list": thread(MEMBERS, "allow"),
  "invite.create": thread(MEMBERS, "refuse"),
  "invite.revoke": thread(OWNERS, "allow"),
  // Whoever holds an invite's token may answer it: the token is the proof (lib/invites).
  "invite.accept": ACCOUNT,
  "invite.decline": ACCOUNT,
  "threadAssistant.add": thread(MEMBERS, "refuse"),
  "threadAssistant.remove": thread(MEMBERS, "refuse"),
  "message.post": thread(MEMBERS, "refuse"),
  "message.edit": thread(MEMBERS, "refuse", true),
  "message.delete": thread(MEMBERS, "refuse", true),
  "typing.send": thread(MEMBERS, "refuse"),
  "run.cancel": thread(MEMBERS, "allow"),
  "run.retry": thread(MEMBERS, "refuse"),
  // The run engine's own verbs, checked against the thread's state inside the transactions that
  // queue, claim and finish runs (roles do not apply: no person does them). "run.continue" decides
  // what archiving does to a run that is streaming: "refuse" stops it at once, "allow" would let it
  // finish and post its reply.
  "run.start": thread(MEMBERS, "refuse"),
  "run.handOff": thread(MEMBERS, "refuse"),
  "run.continue": thread(MEMBERS, "refuse"),
  "assistant.list": ACCOUNT,
  "assistant.create": ACCOUNT,
  "assistant.try": ACCOUNT,
  "assistant.duplicate": ACCOUNT,
  "assistant.runs": ACCOUNT,
  "assistant.update": { scope: "assistantEditor" },
  "assistant.delete": { scope: "assistantEditor" },
  "file.upload": ACCOUNT,
  "file.list": ACCOUNT,
  "file.read": { scope: "fileViewer" },
  "model.list": ACCOUNT,
  "account.changePassword": ACCOUNT,
  "admin.manage": { scope: "admin" },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof POLICY;
export type ThreadPermission = { [P in Permission]: (typeof POLICY)[P] extends ThreadRule ? P : never }[Permission];

export function rule(permission: Permission): Rule {
  return POLICY[permission];
}

export function isThreadPermission(permission: Permission): permission is ThreadPermission {
  return POLICY[permission].scope === "thread";
}

/** What is known about the person and the subject when a permission is decided. */
export type Facts = {
  user: { id: string; isAdmin: boolean } | null;
  /** For thread rules: the person's role (null: not a member, or no such thread) and the thread's state. */
  membership?: { role: ThreadRole | null; archived: boolean } | null;
  /** For authorOnly rules: who wrote the message. */
  authorUserId?: string | null;
  /** For assistantEditor rules: who created the assistant (null: nobody left, or no such assistant). */
  assistantOwnerId?: string | null;
  /** For fileViewer rules: whether the person may see the file. */
  fileVisible?: boolean;
};

/**
 * Why a request is refused. "hidden" answers exactly as for something that does not exist, so that
 * nobody learns which threads, runs or messages exist; "forbidden" is for members lacking a role;
 * "archived" for a verb the thread's state does not allow.
 */
export type Refusal = "signedOut" | "hidden" | "forbidden" | "notAuthor" | "archived";

export function decide(permission: Permission, facts: Facts): Refusal | null {
  const current = rule(permission);
  if (!facts.user) return "signedOut";
  switch (current.scope) {
    case "account":
      return null;
    case "admin":
      return facts.user.isAdmin ? null : "hidden";
    case "fileViewer":
      return facts.fileVisible ? null : "hidden";
    case "assistantEditor":
      return facts.user.isAdmin || (facts.assistantOwnerId != null && facts.assistantOwnerId === facts.user.id) ? null : "forbidden";
    case "thread": {
      const role = facts.membership?.role;
      if (!role) return "hidden";
      if (!current.roles.includes(role)) return "forbidden";
      if (current.authorOnly && facts.authorUserId !== facts.user.id) return "notAuthor";
      if (facts.membership?.archived && current.archived === "refuse") return "archived";
      return null;
    }
  }
}

/** Whether the thread's state allows this verb (the run engine's check, made inside its transactions). */
export function threadStateAllows(permission: ThreadPermission, { archived }: { archived: boolean }): boolean {
  return !(archived && rule(permission).scope === "thread" && (rule(permission) as ThreadRule).archived === "refuse");
}

/** For the UI: whether a member with this role may do this in a thread in this state. */
export function can(role: ThreadRole | null, permission: ThreadPermission, archived = false): boolean {
  return decide(permission, { user: { id: "", isAdmin: false }, membership: { role, archived }, authorUserId: "" }) === null;
}
