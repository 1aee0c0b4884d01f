import { beforeAll, expect, it } from "vitest";
import { GET as getEvents } from "../../app/api/threads/[threadId]/events/route";
import { GET as getMessages, POST as postMessages } from "../../app/api/threads/[threadId]/messages/route";
import { POST as typing } from "../../app/api/threads/[threadId]/typing/route";
import { JSON_BODY_MAX_BYTES } from "../../lib/http/request";
import { describeEachDatabase } from "../support/databases";
import { room } from "../support/fixtures";
import { sessionCookie, useAsAppDatabase } from "../support/sessions";

const APP = "http://localhost:3000";

describeEachDatabase("request hygiene", (database) => {
  let threadId = "";
  let cookie = "";
  beforeAll(async () => {
    useAsAppDatabase(database());
    const { prisma } = database();
    const { member, thread } = await room(prisma);
    threadId = thread.id;
    cookie = await sessionCookie(prisma, member.id);
  });
  const params = () => ({ params: Promise.resolve({ threadId }) });
  const post = (headers: Record<string, string>, body: BodyInit = JSON.stringify({ content: "hello" })) =>
    postMessages(new Request(`${APP}/api/threads/${threadId}/messages`, { method: "POST", headers: { host: "localhost:3000", cookie, "content-type": "application/json", ...headers }, body, duplex: "half" } as RequestInit), params());

  it("refuses writes sent by another site's page, even one on the same host", async () => {
    const crossSite: Record<string, string>[] = [{ origin: "http://localhost:4000" }, { "sec-fetch-site": "same-site" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }];
    for (const headers of crossSite) {
      const answer = await post(headers);
      expect([answer.status, await answer.json()], JSON.stringify(headers)).toEqual([403, { error: "Cross-site requests are refused." }]);
    }
    const typed = await typing(new Request(`${APP}/api/threads/${threadId}/typing`, { method: "POST", headers: { host: "localhost:3000", cookie, origin: "http://evil.example" } }), params());
    expect(typed.status).toBe(403);
    expect((await post({ origin: APP, "sec-fetch-site": "same-origin" })).status).toBe(201);
    expect(await database().prisma.message.count({ where: { threadId } })).toBe(1);
  });

  it("takes JSON bodies only as JSON, and refuses a huge one without reading it all", async () => {
    const asText = await post({ "content-type": "text/plain" });
    expect(asText.status).toBe(415);

    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const fiftyMegabytes = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 50 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const huge = await post({}, fiftyMegabytes);
    expect(huge.status).toBe(413);
    expect(pulled).toBeLessThan(JSON_BODY_MAX_BYTES + 4 * chunk.byteLength);

    const declared = await post({ "content-length": String(50 * 1024 * 1024) });
    expect(declared.status).toBe(413);
  });

  it("refuses an id that cannot be one (NUL, odd characters) with 400", async () => {
    for (const id of ["\u0000", "a\u0000b", "x".repeat(101), "dé"]) {
      const answer = await getMessages(new Request(`${APP}/api/threads/x/messages`, { headers: { host: "localhost:3000", cookie } }), { params: Promise.resolve({ threadId: id }) });
      expect(answer.status, JSON.stringify(id)).toBe(400);
    }
  });

  it("answers out-of-range cursors with 400, not an error", async () => {
    const get = (query: string, headers: Record<string, string> = {}) =>
      new Request(`${APP}/api/threads/${threadId}/x${query}`, { headers: { host: "localhost:3000", cookie, ...headers } });
    for (const query of ["?before=2147483648", "?before=0", "?before=-1", "?before=1e3", "?before=abc"]) {
      expect((await getMessages(get(query), params())).status, query).toBe(400);
    }
    expect((await getMessages(get("?before=2147483647"), params())).status).toBe(200);
    for (const [query, headers] of [["?after=99999999999", {}], ["?after=x", {}], ["", { "last-event-id": "2147483648" }]] as const) {
      const answer = await getEvents(get(query, headers), params());
      expect(answer.status, query + JSON.stringify(headers)).toBe(400);
    }
  });
});
