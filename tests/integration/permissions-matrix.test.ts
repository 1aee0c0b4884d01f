import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { guardedEntry, type GuardedEntry } from "../../lib/access/guard";
import { decide, POLICY, type Permission, type Refusal } from "../../lib/access/policy";
import type { PrismaClient } from "../../lib/db/generated/client";
import { uploadFile } from "../../lib/files";
import { describeEachDatabase } from "../support/databases";
import { person, room } from "../support/fixtures";
import { sessionCookie, useAsAppDatabase } from "../support/sessions";

// Uploads in this test go to a folder of its own.
process.env.ROUNDTABLE_DATA_DIR = mkdtempSync(join(tmpdir(), "roundtable-matrix-"));

// Pages and actions ask Next to refresh cached pages; outside a Next server there is nothing to refresh.
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const ROOT = join(import.meta.dirname, "../..");
/** Entry points that are not the product's verbs: Auth.js's own handler and the sign-in forms. */
const SIGN_IN_MACHINERY = ["app/api/auth/[...nextauth]/route.ts", "app/(auth)/actions.ts", "app/(auth)/oauth-actions.ts"];

function entryFiles(dir = join(ROOT, "app")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const path = join(dir, item.name);
    if (item.isDirectory()) return entryFiles(path);
    return item.name === "route.ts" || item.name === "actions.ts" ? [relative(ROOT, path)] : [];
  });
}

type Entry = { name: string; file: string; exported: string; guarded: GuardedEntry };
let entries: Entry[] = [];
const unguarded: string[] = [];

beforeAll(async () => {
  for (const file of entryFiles().filter((file) => !SIGN_IN_MACHINERY.includes(file))) {
    const module = (await import(join(ROOT, file))) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(module)) {
      if (typeof value !== "function") continue;
      const guarded = guardedEntry(value);
      if (guarded) entries.push({ name: `${file} ${exported}`, file, exported, guarded });
      else unguarded.push(`${file} ${exported}`);
    }
  }
});

type Fixture = Awaited<ReturnType<typeof matrixRoom>>;

/** A thread with an owner, a member (who wrote a message), a stranger and an admin, with invites (a link and a personal one), runs and assistants. */
async function matrixRoom(prisma: PrismaClient, archived: boolean) {
  const setup = await room(prisma);
  const admin = await person(prisma, "Admin");
  await prisma.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
  const { threadId } = { threadId: setup.thread.id };
  const { lastMessageSeq: seq } = await prisma.thread.update({ where: { id: threadId }, data: { lastMessageSeq: { increment: 1 } } });
  const message = await prisma.message.create({ data: { threadId, seq, role: "user", authorUserId: setup.member.id, content: "hello" } });
  const queued = await prisma.run.create({ data: { threadId, assistantId: setup.assistant.id, startedByUserId: setup.member.id } });
  const failed = await prisma.run.create({ data: { threadId, assistantId: setup.assistant.id, startedByUserId: setup.member.id, status: "failed" } });
  const invite = await prisma.threadInvite.create({ data: { threadId, token: `token-${queued.id}`, createdById: setup.owner.id } });
  const personalInvite = await prisma.threadInvite.create({ data: { threadId, email: `guest.${queued.id}@example.com`, token: `personal-${queued.id}`, createdById: setup.owner.id } });
  const spare = await prisma.assistant.create({ data: { name: "Spare", handle: `spare${queued.id}`, model: "test-model", ownerId: setup.owner.id } });
  // The owner's file, shared in the thread on the member's message: visible to members only.
  const file = await uploadFile(prisma, { userId: setup.owner.id, name: "plan.txt", declaredType: "text/plain", body: new Blob(["the plan"]).stream() });
  await prisma.messageFile.create({ data: { messageId: message.id, fileId: file.id } });
  if (archived) await prisma.thread.update({ where: { id: threadId }, data: { archivedAt: new Date() } });
  const assistant = await prisma.assistant.findUniqueOrThrow({ where: { id: setup.assistant.id } });
  return { ...setup, admin, threadId, message, queued, failed, invite, personalInvite, spare, assistant, file };
}

const assistantFields = (handle: string) => ({ name: "Forecaster", handle, model: "test-model", instructions: "Be brief.", description: "", tools: [], color: "#0ea5e9" });

/** A valid call of each entry point, so that an allowed call succeeds and a refused one is refused by the permission layer alone. */
const SAMPLES: Record<string, (f: Fixture) => { params?: Record<string, string>; input?: unknown; body?: unknown; headers?: Record<string, string>; method?: string }> = {
  "app/(app)/threads/actions.ts createThreadAction": () => ({ input: { title: "New" } }),
  "app/(app)/threads/actions.ts renameThreadAction": (f) => ({ input: { threadId: f.threadId, title: "Renamed" } }),
  "app/(app)/threads/actions.ts setThreadArchivedAction": (f) => ({ input: { threadId: f.threadId, archived: false } }),
  "app/(app)/threads/actions.ts leaveThreadAction": (f) => ({ input: { threadId: f.threadId } }),
  "app/(app)/threads/actions.ts removeMemberAction": (f) => ({ input: { threadId: f.threadId, memberId: f.member.id } }),
  "app/(app)/invite/actions.ts inviteByEmailAction": (f) => ({ input: { threadId: f.threadId, email: "friend@example.com" } }),
  "app/(app)/invite/actions.ts createInviteLinkAction": (f) => ({ input: { threadId: f.threadId } }),
  "app/(app)/invite/actions.ts revokeInviteAction": (f) => ({ input: { threadId: f.threadId, inviteId: f.invite.id } }),
  "app/(app)/invite/actions.ts acceptInviteAction": (f) => ({ input: { token: f.invite.token } }),
  "app/(app)/invite/actions.ts declineInviteAction": (f) => ({ input: { token: f.personalInvite.token } }),
  "app/(app)/threads/actions.ts addAssistantAction": (f) => ({ input: { threadId: f.threadId, assistantId: f.spare.id } }),
  "app/(app)/threads/actions.ts removeAssistantAction": (f) => ({ input: { threadId: f.threadId, assistantId: f.assistant.id } }),
  "app/(app)/threads/actions.ts postMessageAction": (f) => ({ input: { threadId: f.threadId, content: "hi" } }),
  "app/(app)/threads/actions.ts cancelRunAction": (f) => ({ input: { runId: f.queued.id } }),
  "app/(app)/threads/actions.ts retryRunAction": (f) => ({ input: { runId: f.failed.id } }),
  "app/(app)/threads/actions.ts editMessageAction": (f) => ({ input: { messageId: f.message.id, content: "edited" } }),
  "app/(app)/threads/actions.ts deleteMessageAction": (f) => ({ input: { messageId: f.message.id } }),
  "app/(app)/admin/actions.ts setSignUpPolicyAction": () => ({ input: { policy: "open" } }),
  "app/(app)/admin/actions.ts setAccountDisabledAction": (f) => ({ input: { userId: f.member.id, disabled: false } }),
  "app/(app)/settings/actions.ts changePasswordAction": () => ({ input: { currentPassword: "password-123", newPassword: "a-new-password-456" } }),
  "app/(app)/assistants/actions.ts createAssistantAction": (f) => ({ input: { input: assistantFields(`new${f.queued.id}`) } }),
  "app/(app)/assistants/actions.ts updateAssistantAction": (f) => ({
    input: { assistantId: f.assistant.id, expectedUpdatedAt: f.assistant.updatedAt.toISOString(), input: assistantFields(f.assistant.handle) },
  }),
  "app/(app)/assistants/actions.ts duplicateAssistantAction": (f) => ({ input: { assistantId: f.assistant.id } }),
  "app/(app)/assistants/actions.ts deleteAssistantAction": (f) => ({ input: { assistantId: f.assistant.id } }),
  "app/api/threads/[threadId]/route.ts GET": (f) => ({ params: { threadId: f.threadId } }),
  "app/api/threads/[threadId]/events/route.ts GET": (f) => ({ params: { threadId: f.threadId } }),
  "app/api/threads/[threadId]/messages/route.ts GET": (f) => ({ params: { threadId: f.threadId } }),
  "app/api/threads/[threadId]/messages/route.ts POST": (f) => ({ params: { threadId: f.threadId }, body: { content: "hi" } }),
  "app/api/threads/[threadId]/runs/route.ts GET": (f) => ({ params: { threadId: f.threadId } }),
  "app/api/threads/[threadId]/typing/route.ts POST": (f) => ({ params: { threadId: f.threadId }, body: {} }),
  "app/api/runs/[runId]/cancel/route.ts POST": (f) => ({ params: { runId: f.queued.id } }),
  "app/api/runs/[runId]/retry/route.ts POST": (f) => ({ params: { runId: f.failed.id } }),
  "app/api/assistants/[assistantId]/runs/route.ts GET": (f) => ({ params: { assistantId: f.assistant.id } }),
  "app/api/assistants/try/route.ts POST": () => ({ body: { draft: { name: "Draft", handle: "draft", model: "demo", instructions: "" }, conversation: [{ role: "user", content: "hi" }] } }),
  "app/api/files/route.ts GET": () => ({}),
  "app/api/files/route.ts POST": () => ({ headers: { "X-File-Name": "notes.txt", "Content-Type": "text/plain" }, body: "plain notes" }),
  "app/api/files/[fileId]/route.ts GET": (f) => ({ params: { fileId: f.file.id } }),
  "app/api/models/route.ts GET": () => ({}),
  "app/api/me/events/route.ts GET": () => ({}),
};

const PERSONAS = ["anonymous", "stranger", "member", "owner", "admin"] as const;
type Persona = (typeof PERSONAS)[number];
const STATUS: Record<Refusal, number> = { signedOut: 401, hidden: 404, forbidden: 403, notAuthor: 403, archived: 409 };

/** What the table says this persona gets: a refusal's status, or null (allowed). */
function expected(permission: Permission, persona: Persona, archived: boolean, f: Fixture): number | null {
  const user = persona === "anonymous" ? null : { id: persona === "stranger" ? f.outsider.id : f[persona].id, isAdmin: persona === "admin" };
  const role = persona === "owner" ? "owner" : persona === "member" ? "member" : null;
  const refusal = decide(permission, { user, membership: { role, archived }, authorUserId: f.member.id, assistantOwnerId: f.owner.id, fileVisible: role !== null });
  return refusal && STATUS[refusal];
}

async function call(entry: Entry, cookie: string | null, f: Fixture): Promise<number> {
  const sample = SAMPLES[entry.name]!(f);
  if (entry.guarded.kind === "action") {
    const result = await entry.guarded.invoke(cookie, sample.input);
    return result.ok ? 200 : result.status;
  }
  const handler = (await import(join(ROOT, entry.file)))[entry.exported] as (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const headers = new Headers(sample.headers);
  if (cookie) headers.set("cookie", cookie);
  let body: string | undefined;
  if (sample.body !== undefined) {
    body = typeof sample.body === "string" ? sample.body : JSON.stringify(sample.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const request = new Request(`http://localhost/${entry.file}`, { method: entry.exported, headers, body });
  const response = await handler(request, { params: Promise.resolve(sample.params ?? {}) });
  await response.body?.cancel();
  return response.status;
}

describe("every action and route goes through the permission layer", () => {
  it("has found the app's entry points, each guarded, each with a permission from the table and a sample call", () => {
    expect(entries.length).toBeGreaterThan(30);
    expect(unguarded).toEqual([]);
    for (const entry of entries) {
      expect(Object.keys(POLICY), entry.name).toContain(entry.guarded.permission);
      expect(SAMPLES[entry.name], `${entry.name} needs a sample call in this test`).toBeDefined();
    }
  });
});

describeEachDatabase("permission matrix", (database) => {
  beforeAll(() => useAsAppDatabase(database()));

  for (const archived of [false, true]) {
    it(`answers every entry point as the table says, for each persona, on ${archived ? "an archived" : "an active"} thread`, async () => {
      const { prisma } = database();
      const mismatches: string[] = [];
      for (const entry of entries) {
        for (const persona of PERSONAS) {
          const f = await matrixRoom(prisma, archived);
          const userId = persona === "anonymous" ? null : persona === "stranger" ? f.outsider.id : f[persona].id;
          const cookie = userId ? await sessionCookie(prisma, userId) : null;
          const want = expected(entry.guarded.permission, persona, archived, f);
          const got = await call(entry, cookie, f);
          const ok = want === null ? got < 400 : got === want;
          if (!ok) mismatches.push(`${entry.name} as ${persona}: expected ${want ?? "success"}, got ${got}`);
        }
      }
      expect(mismatches).toEqual([]);
    }, 240_000);
  }
});
