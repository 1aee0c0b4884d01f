import { expect, it } from "vitest";
import { eventsAfter } from "../../lib/events/record";
import { isDurable, type ThreadEvent } from "../../lib/events/types";
import { ConflictError, ValidationError } from "../../lib/errors";
import { deleteMessage, editMessage, listMessages, postMessage } from "../../lib/messages";
import { realtime, type Realtime } from "../../lib/realtime";
import { threadChannel } from "../../lib/realtime/channels";
import { removeMember } from "../../lib/runs/room";
import { describeEachDatabase } from "../support/databases";
import { room } from "../support/fixtures";
import { watchThread } from "../support/sse";

describeEachDatabase("messages and live events", (database) => {
  it("stores mentions as data, and lets only the author edit or delete", async () => {
    const { prisma } = database();
    const { owner, member, thread, assistant } = await room(prisma);
    const message = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `@${assistant.handle} and @Owner, look at \`@nobody\`` });
    expect(message.mentions).toEqual([
      { kind: "assistant", id: assistant.id, handle: assistant.handle },
      { kind: "user", id: owner.id, handle: "Owner" },
    ]);
    expect(message.author).toMatchObject({ kind: "user", id: member.id, name: "Member" });

    const edited = await editMessage(prisma, { messageId: message.id, content: "never mind" });
    expect(edited).toMatchObject({ content: "never mind", mentions: [] });
    expect(edited.editedAt).not.toBeNull();

    const deleted = await deleteMessage(prisma, { messageId: message.id });
    expect(deleted).toMatchObject({ content: "", deletedAt: expect.any(String) });
    await expect(editMessage(prisma, { messageId: message.id, content: "back" })).rejects.toBeInstanceOf(ConflictError);
    const { messages } = await listMessages(prisma, { threadId: thread.id });
    expect(messages.map((m) => [m.seq, m.content, Boolean(m.deletedAt)])).toEqual([[1, "", true]]);
  });

  it("refuses empty and oversized messages with a clear reason, and stores a retried post once", async () => {
    const { prisma } = database();
    const { member, thread } = await room(prisma);
    await expect(postMessage(prisma, { userId: member.id, threadId: thread.id, content: "   " })).rejects.toThrow("Write something first.");
    await expect(postMessage(prisma, { userId: member.id, threadId: thread.id, content: "x".repeat(20_001) })).rejects.toBeInstanceOf(ValidationError);
    const first = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: "once", clientId: "retry-1" });
    const again = await postMessage(prisma, { userId: member.id, threadId: thread.id, content: "once", clientId: "retry-1" });
    expect(again.id).toBe(first.id);
    expect(await prisma.message.count({ where: { threadId: thread.id } })).toBe(1);
  });

  it("stores a post racing itself with the same client id once, and refuses another person's client id", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => postMessage(prisma, { userId: member.id, threadId: thread.id, content: "sent twice", clientId: "draft-1" })),
    );
    expect(new Set(attempts.map((message) => message.id)).size).toBe(1);
    expect(await prisma.message.count({ where: { threadId: thread.id } })).toBe(1);
    await expect(postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "mine", clientId: "draft-1" })).rejects.toBeInstanceOf(ConflictError);
  });

  it("stores 200 concurrent posts, numbered 1 to 200 with their events in the same order", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    const posted = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        postMessage(prisma, { userId: index % 2 ? owner.id : member.id, threadId: thread.id, content: `message ${index}`, clientId: `c${index}` }),
      ),
    );
    expect(new Set(posted.map((message) => message.seq)).size).toBe(200);
    const stored = await prisma.message.findMany({ where: { threadId: thread.id }, orderBy: { seq: "asc" }, select: { seq: true, content: true } });
    expect(stored.map((message) => message.seq)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    expect(new Set(stored.map((message) => message.content)).size).toBe(200);
    const events = await eventsAfter(prisma, { threadId: thread.id, afterSeq: 0, limit: 500 });
    expect(events.map((event) => event.type === "message.created" && event.message.seq)).toEqual(stored.map((message) => message.seq));
  });

  it("pages back through the history, newest page first", async () => {
    const { prisma } = database();
    const { member, thread } = await room(prisma);
    for (let index = 1; index <= 7; index++) await postMessage(prisma, { userId: member.id, threadId: thread.id, content: `m${index}` });
    const latest = await listMessages(prisma, { threadId: thread.id, limit: 3 });
    expect([latest.messages.map((m) => m.content), latest.hasMore]).toEqual([["m5", "m6", "m7"], true]);
    const earlier = await listMessages(prisma, { threadId: thread.id, limit: 3, beforeSeq: 5 });
    expect([earlier.messages.map((m) => m.content), earlier.hasMore]).toEqual([["m2", "m3", "m4"], true]);
    const first = await listMessages(prisma, { threadId: thread.id, limit: 3, beforeSeq: 2 });
    expect([first.messages.map((m) => m.content), first.hasMore]).toEqual([["m1"], false]);
  });

  it("streams what a viewer missed, then live, each event once and in order, and resumes after the last one seen", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "before anyone watched" });

    const first = new AbortController();
    const viewer = watchThread(prisma, { threadId: thread.id, userId: member.id, signal: first.signal });
    await viewer.until((frames) => frames.some((frame) => frame.event.type === "presence"));
    await Promise.all([1, 2, 3].map((n) => postMessage(prisma, { userId: owner.id, threadId: thread.id, content: `live ${n}` })));
    await viewer.until((frames) => frames.filter((frame) => frame.id !== undefined).length === 4);
    expect(viewer.durable().map((frame) => frame.id)).toEqual([1, 2, 3, 4]);
    first.abort();

    // The connection dropped after event 2 was seen: the rest arrives, with nothing twice.
    await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "while away" });
    const resumed = watchThread(prisma, { threadId: thread.id, userId: member.id, afterSeq: 2 });
    await resumed.until((frames) => frames.filter((frame) => frame.id !== undefined).length === 3);
    expect(resumed.durable().map((frame) => frame.id)).toEqual([3, 4, 5]);
  });

  it("fills a gap from the table when a live event overtakes an earlier one, and never sends one twice", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    const viewer = watchThread(prisma, { threadId: thread.id, userId: member.id });
    await viewer.until((frames) => frames.some((frame) => frame.event.type === "presence"));
    // Two events are committed while the bus holds them back (a bus may delay or reorder).
    const bus = realtime();
    const channel = threadChannel(thread.id);
    const held: ThreadEvent[] = [];
    const publish = bus.publish;
    bus.publish = (async (to, message) => void (to.name === channel.name ? held.push(message as ThreadEvent) : await publish.call(bus, to, message))) as Realtime["publish"];
    try {
      await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "one" });
      await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "two" });
    } finally {
      bus.publish = publish;
    }
    const [one, two] = held;
    expect([one, two].map((event) => event && isDurable(event) && event.seq)).toEqual([1, 2]);
    // Only the second arrives: the first must come from the table, before it.
    await bus.publish(channel, two!);
    await viewer.until((frames) => frames.some((frame) => frame.id === 2));
    // The first arrives late, then a third event: the first is not sent again.
    await bus.publish(channel, one!);
    await postMessage(prisma, { userId: owner.id, threadId: thread.id, content: "three" });
    await viewer.until((frames) => frames.some((frame) => frame.id === 3));
    expect(viewer.durable().map((frame) => frame.id)).toEqual([1, 2, 3]);
  });

  it("ends a removed member's stream, and refuses them afterwards", async () => {
    const { prisma } = database();
    const { owner, member, thread } = await room(prisma);
    const viewer = watchThread(prisma, { threadId: thread.id, userId: member.id });
    await viewer.until((frames) => frames.length > 0);
    await removeMember(prisma, { userId: owner.id, threadId: thread.id, memberId: member.id });
    await viewer.until(() => viewer.done);
    expect(viewer.received.at(-1)?.event.type).toBe("thread.updated");
  });
});
