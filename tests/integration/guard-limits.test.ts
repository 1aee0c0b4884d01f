import { beforeAll, expect, it } from "vitest";
import { GET as openStream } from "../../app/api/threads/[threadId]/events/route";
import { POST as postMessages } from "../../app/api/threads/[threadId]/messages/route";
import { describeEachDatabase } from "../support/databases";
import { room } from "../support/fixtures";
import { sessionCookie, useAsAppDatabase } from "../support/sessions";

// Small limits for this file only (read when the limits are first used); the store is in memory.
process.env.RATE_LIMIT_POST = "3/60";
process.env.RATE_LIMIT_STREAMS = "2/3600";
process.env.RATE_LIMIT_RUNS = "1/60";
delete process.env.REDIS_URL;
delete process.env.DATABASE_URL;

const APP = "http://localhost:3000";

describeEachDatabase("per-person limits at the guard", (database) => {
  let threadId = "";
  let cookie = "";
  beforeAll(async () => {
    useAsAppDatabase(database());
    const { member, thread } = await room(database().prisma);
    threadId = thread.id;
    cookie = await sessionCookie(database().prisma, member.id);
  });
  const params = () => ({ params: Promise.resolve({ threadId }) });

  it("answers posting too fast with 429, Retry-After and a plain message, storing nothing more", async () => {
    const post = () =>
      postMessages(new Request(`${APP}/x`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ content: "hi" }) }), params());
    const statuses = [];
    for (let n = 0; n < 3; n++) statuses.push((await post()).status);
    const refused = await post();
    expect([...statuses, refused.status]).toEqual([201, 201, 201, 429]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ error: expect.stringContaining("You are posting too fast.") });
    expect(await database().prisma.message.count({ where: { threadId } })).toBe(3);
  });

  it("counts runs a person starts by mentioning assistants, refusing the whole post past the limit", async () => {
    const { prisma } = database();
    const { member, thread, assistant } = await room(prisma);
    const asker = await sessionCookie(prisma, member.id);
    const mention = () =>
      postMessages(
        new Request(`${APP}/x`, { method: "POST", headers: { cookie: asker, "content-type": "application/json" }, body: JSON.stringify({ content: `@${assistant.handle} go` }) }),
        { params: Promise.resolve({ threadId: thread.id }) },
      );
    expect((await mention()).status).toBe(201);
    const refused = await mention();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: expect.stringContaining("You have started too many assistant runs.") });
    expect([await prisma.message.count({ where: { threadId: thread.id } }), await prisma.run.count({ where: { threadId: thread.id } })]).toEqual([1, 1]);
  });

  it("lets a person keep only so many live streams open, and gives a place back when one closes", async () => {
    const open = (signal: AbortSignal) => openStream(new Request(`${APP}/x`, { headers: { cookie }, signal }), params());
    const first = new AbortController();
    const a = await open(first.signal);
    const second = new AbortController();
    const b = await open(second.signal);
    const c = await open(new AbortController().signal);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
    first.abort();
    await a.body?.cancel().catch(() => {});
    await expect.poll(async () => {
      const again = await open(new AbortController().signal);
      await again.body?.cancel().catch(() => {});
      return again.status;
    }).toBe(200);
    second.abort();
    await b.body?.cancel().catch(() => {});
  });
});
