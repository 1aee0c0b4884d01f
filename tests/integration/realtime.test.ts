import { expect, it } from "vitest";
import type { PersonEvent, ThreadEvent } from "../../lib/events/types";
import { deleteMessage, editMessage, postMessage } from "../../lib/messages";
import { acceptInvite, createInviteLink } from "../../lib/invites";
import { archiveThread, removeMember } from "../../lib/runs/room";
import { renameThread } from "../../lib/threads";
import { personEventStream } from "../../lib/threads/live";
import { describeEachDatabase } from "../support/databases";
import { person, room } from "../support/fixtures";
import { SseReader, watchThread } from "../support/sse";

const durableCount = (count: number) => (frames: { id?: number }[]) => frames.filter((frame) => frame.id !== undefined).length >= count;
const messagesIn = (frames: { event: ThreadEvent }[]) =>
  frames.flatMap(({ event }) => (event.type === "message.created" || event.type === "message.updated" ? [event.message] : []));

describeEachDatabase("live streams", (database) => {
  async function joinByLink(threadId: string, ownerId: string, userId: string) {
    const { prisma } = database();
    const link = await createInviteLink(prisma, { userId: ownerId, threadId });
    await acceptInvite(prisma, { token: link.token!, userId });
  }

  it("replays a deleted message without its words, and an edited one only as it reads now", async () => {
    const { prisma } = database();
    const { owner, outsider, thread } = await room(prisma);
    const secret = await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "the launch code is 1234" });
    const draft = await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "first wording, regretted" });
    await editMessage(prisma, { messageId: draft.id, content: "second wording" });
    await deleteMessage(prisma, { messageId: secret.id });

    // Someone who joins afterwards reads the whole replay.
    await joinByLink(thread.id, owner.id, outsider.id);
    const { lastEventSeq } = await prisma.thread.findUniqueOrThrow({ where: { id: thread.id } });
    const newcomer = watchThread(prisma, { threadId: thread.id, userId: outsider.id });
    await newcomer.until(durableCount(lastEventSeq));

    const replay = JSON.stringify(newcomer.received);
    expect(replay).not.toContain("launch code");
    expect(replay).not.toContain("regretted");
    const shown = messagesIn(newcomer.received);
    expect(shown.filter((message) => message.id === secret.id).map((message) => [message.content, Boolean(message.deletedAt)])).toEqual([
      ["", true],
      ["", true],
    ]);
    expect(new Set(shown.filter((message) => message.id === draft.id).map((message) => message.content))).toEqual(new Set(["second wording"]));
  });

  it("replays from the start for someone who left and came back, skipping the old snapshots that leave them out", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    await removeMember(prisma, { userId: owner.id, threadId: thread.id, memberId: member.id });
    await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "while they were away" });
    await joinByLink(thread.id, owner.id, member.id);
    await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "welcome back" });

    const viewer = watchThread(prisma, { threadId: thread.id, userId: member.id });
    await viewer.until((frames) => messagesIn(frames).some((message) => message.content === "welcome back"));
    const snapshots = viewer.received.flatMap(({ event }) => (event.type === "thread.updated" ? [event.thread.members.map((m) => m.id)] : []));
    expect(snapshots.length).toBeGreaterThan(0);
    expect(snapshots.every((members) => members.includes(member.id))).toBe(true);
    expect(messagesIn(viewer.received).map((message) => message.content)).toEqual(["while they were away", "welcome back"]);

    // Removed now: the stream tells them, then ends.
    await removeMember(prisma, { userId: owner.id, threadId: thread.id, memberId: member.id });
    await viewer.until(() => viewer.done);
    const last = viewer.received.at(-1)?.event;
    expect(last?.type === "thread.updated" && last.thread.members.some((m) => m.id === member.id)).toBe(false);
  });

  it("keeps each person's thread list live: joined, renamed, archived, removed", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    const newcomer = await person(prisma, "Newcomer");
    const memberList = new SseReader<PersonEvent>(personEventStream(prisma, { userId: member.id, signal: new AbortController().signal }));
    const newcomerList = new SseReader<PersonEvent>(personEventStream(prisma, { userId: newcomer.id, signal: new AbortController().signal }));
    await memberList.until((frames) => frames.length === 1);
    await newcomerList.until((frames) => frames.length === 1);
    expect(memberList.received[0]?.event).toEqual({ type: "threads", threads: [{ id: thread.id, title: "Planning", archivedAt: null }] });
    expect(newcomerList.received[0]?.event).toEqual({ type: "threads", threads: [] });

    await joinByLink(thread.id, owner.id, newcomer.id);
    await newcomerList.until((frames) => frames.length === 2);
    expect(newcomerList.received[1]?.event).toEqual({ type: "thread.updated", thread: { id: thread.id, title: "Planning", archivedAt: null } });

    await renameThread(prisma, { threadId: thread.id, title: "Launch" });
    await archiveThread(prisma, { threadId: thread.id, archived: true });
    await removeMember(prisma, { userId: owner.id, threadId: thread.id, memberId: member.id });
    await memberList.until((frames) => frames.some((frame) => frame.event.type === "thread.removed"));
    expect(memberList.received.slice(1).map((frame) => frame.event)).toEqual([
      { type: "thread.updated", thread: { id: thread.id, title: "Planning", archivedAt: null } },
      { type: "thread.updated", thread: { id: thread.id, title: "Launch", archivedAt: null } },
      { type: "thread.updated", thread: { id: thread.id, title: "Launch", archivedAt: expect.any(String) } },
      { type: "thread.removed", threadId: thread.id },
    ]);
  });
});
