import { expect, it } from "vitest";
import { signUp } from "../../lib/accounts";
import { eventsAfter } from "../../lib/events/record";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors";
import { postMessage } from "../../lib/messages";
import {
  acceptInvite,
  addAssistantToThread,
  createInviteLink,
  describeInvite,
  getThread,
  inviteByEmail,
  leaveThread,
  listInvites,
  listThreadsForUser,
  removeAssistantFromThread,
  removeMember,
  renameThread,
  revokeInvite,
  setThreadArchived,
} from "../../lib/threads";
import { describeEachDatabase } from "../support/databases";
import { person, room } from "../support/fixtures";

describeEachDatabase("threads", (database) => {
  it("renames and archives, recording each change as a numbered event", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    await renameThread(prisma, { threadId: thread.id, title: "  Launch plan " });
    await setThreadArchived(prisma, { threadId: thread.id, archived: true });
    await expect(renameThread(prisma, { threadId: thread.id, title: " " })).rejects.toThrow("Give the thread a title.");

    const events = await eventsAfter(prisma, { threadId: thread.id, afterSeq: 0, limit: 100 });
    expect(events.map((event) => event.seq)).toEqual([1, 2]);
    expect(events.map((event) => event.type === "thread.updated" && [event.thread.title, Boolean(event.thread.archivedAt)])).toEqual([
      ["Launch plan", false],
      ["Launch plan", true],
    ]);
    expect(await listThreadsForUser(prisma, { userId: owner.id })).toEqual([]);
    expect((await listThreadsForUser(prisma, { userId: owner.id, archived: true })).map((t) => t.title)).toEqual(["Launch plan"]);
    await expect(postMessage(prisma, { userId: member.id, threadId: thread.id, content: "hello?" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("hands ownership on when the last owner leaves", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    await leaveThread(prisma, { userId: owner.id, threadId: thread.id });
    expect((await prisma.threadMember.findUnique({ where: { threadId_userId: { threadId: thread.id, userId: owner.id } } }))?.role).toBeUndefined();
    expect((await prisma.threadMember.findUnique({ where: { threadId_userId: { threadId: thread.id, userId: member.id } } }))?.role).toBe("owner");
  });

  it("invites by email: existing people join at once, new ones when they sign up", async () => {
    const { prisma } = database();
    const { owner, member, outsider, thread } = await room(prisma);
    await expect(inviteByEmail(prisma, { userId: member.id, threadId: thread.id, email: outsider.email.toUpperCase() })).resolves.toEqual({
      status: "added",
      email: outsider.email,
    });
    await expect(inviteByEmail(prisma, { userId: member.id, threadId: thread.id, email: outsider.email })).resolves.toMatchObject({ status: "already_member" });
    await expect(inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: "not an email" })).rejects.toBeInstanceOf(ValidationError);

    const newcomer = `newcomer.${Date.now()}@example.com`;
    await expect(inviteByEmail(prisma, { userId: owner.id, threadId: thread.id, email: newcomer })).resolves.toMatchObject({ status: "pending" });
    expect((await listInvites(prisma, { threadId: thread.id })).map((invite) => [invite.email, invite.token])).toEqual([[newcomer, null]]);
    const joined = await signUp(prisma, { name: "Newcomer", email: newcomer, password: "password-123" });
    const view = await getThread(prisma, { threadId: thread.id });
    expect(view.thread.members.map((m) => m.name)).toEqual(["Owner", "Member", "Outsider", "Newcomer"]);
    expect(await listInvites(prisma, { threadId: thread.id })).toEqual([]);
  });

  it("lets anyone with a live invite link join, until the owner revokes it", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    const link = await createInviteLink(prisma, { userId: member.id, threadId: thread.id });
    const guest = await person(prisma, "Guest");
    await expect(describeInvite(prisma, { token: link.token!, userId: guest.id })).resolves.toEqual({ threadId: thread.id, title: "Planning", alreadyMember: false });
    await expect(acceptInvite(prisma, { token: link.token!, userId: guest.id })).resolves.toBe(thread.id);
    await expect(acceptInvite(prisma, { token: link.token!, userId: guest.id })).resolves.toBe(thread.id);

    await revokeInvite(prisma, { threadId: thread.id, inviteId: link.id });
    const late = await person(prisma, "Late");
    await expect(acceptInvite(prisma, { token: link.token!, userId: late.id })).rejects.toThrow("This invite link is not valid any more");
    await expect(acceptInvite(prisma, { token: "made-up", userId: late.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("adds and removes the assistants that take part", async () => {
    const { prisma } = database();
    const { owner, member, thread, assistant } = await room(prisma);
    const critic = await prisma.assistant.create({ data: { name: "Critic", handle: `critic${Date.now()}`, model: "demo", ownerId: owner.id } });
    const added = await addAssistantToThread(prisma, { userId: member.id, threadId: thread.id, assistantId: critic.id });
    expect(added.assistants.map((a) => a.name)).toEqual(["Analyst", "Critic"]);
    await expect(addAssistantToThread(prisma, { userId: member.id, threadId: thread.id, assistantId: critic.id })).rejects.toBeInstanceOf(ConflictError);
    const removed = await removeAssistantFromThread(prisma, { threadId: thread.id, assistantId: assistant.id });
    expect(removed.assistants.map((a) => a.name)).toEqual(["Critic"]);
  });

  it("removes a member, announcing the thread without them; owners cannot remove themselves", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    await expect(removeMember(prisma, { userId: owner.id, threadId: thread.id, memberId: owner.id })).rejects.toBeInstanceOf(ValidationError);
    const after = await removeMember(prisma, { userId: owner.id, threadId: thread.id, memberId: member.id });
    expect(after.members.map((m) => m.id)).not.toContain(member.id);
    expect(await prisma.threadMember.count({ where: { threadId: thread.id, userId: member.id } })).toBe(0);
  });
});
