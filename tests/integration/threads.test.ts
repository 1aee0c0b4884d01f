import { expect, it } from "vitest";
import { eventsAfter } from "../../lib/events/record";
import { ConflictError, ValidationError } from "../../lib/errors";
import { postMessage } from "../../lib/messages";
import { archiveThread, leaveThread, removeAssistantFromThread, removeMember } from "../../lib/runs/room";
import { listThreadsForUser, renameThread } from "../../lib/threads";
import { addAssistantToThread } from "../../lib/threads/assistants";
import { describeEachDatabase } from "../support/databases";
import { room } from "../support/fixtures";

describeEachDatabase("threads", (database) => {
  it("renames and archives, recording each change as a numbered event", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    await renameThread(prisma, { threadId: thread.id, title: "  Launch plan " });
    await archiveThread(prisma, { threadId: thread.id, archived: true });
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
