import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverWebhook, newWebhookSecret, SIGNATURE_HEADER, verifyWebhook, type WebhookDelivery } from "../../lib/webhooks";
import { addressKind, addressRefusal } from "../../lib/webhooks/address";
import { signWebhook } from "../../lib/webhooks/signature";

type Received = { headers: IncomingMessage["headers"]; body: string };
type Reply = (res: ServerResponse, received: Received) => void;

/** A webhook receiver on 127.0.0.1 that answers each request with the next scripted reply. */
let server: Server;
let base = "";
let received: Received[] = [];
let replies: Reply[] = [];

const env = { WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_BACKOFF_MS: "1", PORT: "1" };
const secret = newWebhookSecret();

function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return { url: `${base}/hook`, secret, callId: "call_1", timeoutMs: 5_000, retries: 0, payload: { name: "get_weather", arguments: { city: "Paris" } }, ...overrides };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const entry = { headers: req.headers, body: Buffer.concat(parts).toString("utf8") };
      received.push(entry);
      const reply = replies.shift() ?? ((response: ServerResponse) => response.end("ok"));
      reply(res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
}));
beforeEach(() => {
  received = [];
  replies = [];
});

describe("webhook delivery", () => {
  it("POSTs the payload signed with the function's secret, and the response body is the output", async () => {
    replies.push((res, { body }) => res.end(`weather for ${(JSON.parse(body) as { arguments: { city: string } }).arguments.city}: sunny`));
    const result = await deliverWebhook(delivery(), env);
    expect(result).toMatchObject({ ok: true, body: "weather for Paris: sunny" });
    const [request] = received;
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["roundtable-call-id"]).toBe("call_1");
    expect(JSON.parse(request!.body)).toEqual({ name: "get_weather", arguments: { city: "Paris" } });
    const signature = request!.headers[SIGNATURE_HEADER] as string;
    expect(verifyWebhook(secret, request!.body, signature)).toBe(true);
    // Another secret, another body or an old timestamp does not verify.
    expect(verifyWebhook(newWebhookSecret(), request!.body, signature)).toBe(false);
    expect(verifyWebhook(secret, request!.body.replace("Paris", "Lyon"), signature)).toBe(false);
    expect(verifyWebhook(secret, request!.body, signWebhook(secret, request!.body, Math.floor(Date.now() / 1000) - 3_600))).toBe(false);
  });

  it("retries a 5xx with backoff, then takes the answer", async () => {
    replies.push((res) => {
      res.statusCode = 503;
      res.end("busy");
    });
    const result = await deliverWebhook(delivery({ retries: 2 }), env);
    expect(result).toMatchObject({ ok: true, body: "ok" });
    expect(result.attempts.map((attempt) => attempt.status)).toEqual([503, 200]);
    expect(received).toHaveLength(2);
    // Each attempt is signed afresh, and both are the same call.
    expect(received.every(({ headers, body }) => verifyWebhook(secret, body, headers[SIGNATURE_HEADER] as string) && headers["roundtable-call-id"] === "call_1")).toBe(true);
  });

  it("gives up after its retries on a 500, describing the failure for the model", async () => {
    for (let n = 0; n < 3; n++) {
      replies.push((res) => {
        res.statusCode = 500;
        res.end("database down");
      });
    }
    const result = await deliverWebhook(delivery({ retries: 2 }), env);
    expect(result).toMatchObject({ ok: false, error: "The webhook failed (3 attempts): it answered HTTP 500: database down." });
    expect(received).toHaveLength(3);
  });

  it("does not retry a 4xx", async () => {
    replies.push((res) => {
      res.statusCode = 422;
      res.end("city unknown");
    });
    const result = await deliverWebhook(delivery({ retries: 3 }), env);
    expect(result).toMatchObject({ ok: false, error: "The webhook failed: it answered HTTP 422: city unknown." });
    expect(received).toHaveLength(1);
  });

  it("times out a webhook that does not answer, retries it, and reports the timeout", async () => {
    const hung: ServerResponse[] = [];
    replies.push((res) => hung.push(res), (res) => hung.push(res));
    const result = await deliverWebhook(delivery({ timeoutMs: 200, retries: 1 }), env);
    expect(result).toMatchObject({ ok: false, error: "The webhook failed (2 attempts): no answer within 0.2 seconds." });
    expect(received).toHaveLength(2);
    hung.forEach((res) => res.destroy());
  });

  it("stops when the run is stopped", async () => {
    const controller = new AbortController();
    replies.push(() => controller.abort());
    const result = await deliverWebhook(delivery({ retries: 3, signal: controller.signal }), env);
    expect(result).toMatchObject({ ok: false, error: "The webhook failed: the run was stopped." });
    expect(received).toHaveLength(1);
  });
});

describe("webhook addresses (SSRF)", () => {
  it("classifies addresses, including IPv6 forms that carry an IPv4 address", () => {
    expect(addressKind("93.184.216.34")).toBe("public");
    expect(addressKind("2606:4700::1111")).toBe("public");
    expect(addressKind("127.0.0.1")).toBe("loopback");
    expect(addressKind("::1")).toBe("loopback");
    expect(addressKind("::ffff:127.0.0.1")).toBe("loopback");
    expect(addressKind("::ffff:7f00:1")).toBe("loopback");
    expect(addressKind("10.1.2.3")).toBe("private");
    expect(addressKind("172.20.0.1")).toBe("private");
    expect(addressKind("192.168.1.1")).toBe("private");
    expect(addressKind("fd12::1")).toBe("private");
    expect(addressKind("169.254.169.254")).toBe("never");
    expect(addressKind("::ffff:169.254.169.254")).toBe("never");
    expect(addressKind("64:ff9b::a9fe:a9fe")).toBe("never");
    expect(addressKind("fd00:ec2::254")).toBe("never");
    expect(addressKind("fe80::1")).toBe("never");
    expect(addressKind("0.0.0.0")).toBe("never");
    expect(addressKind("100.100.100.200")).toBe("never");
  });

  it("refuses loopback and private addresses unless allowed, and metadata and the app itself always", () => {
    const strict = { PORT: "3000" };
    const open = { PORT: "3000", WEBHOOK_ALLOW_PRIVATE: "true" };
    expect(addressRefusal("127.0.0.1", 8080, strict)).toBe("a loopback address (set WEBHOOK_ALLOW_PRIVATE=true to allow webhooks on private networks)");
    expect(addressRefusal("10.0.0.5", 8080, strict)).toMatch(/private address .*WEBHOOK_ALLOW_PRIVATE/);
    expect(addressRefusal("127.0.0.1", 8080, open)).toBeNull();
    expect(addressRefusal("10.0.0.5", 8080, open)).toBeNull();
    expect(addressRefusal("127.0.0.1", 3000, open)).toMatch(/Roundtable itself/);
    expect(addressRefusal("169.254.169.254", 80, open)).toMatch(/metadata/);
    expect(addressRefusal("93.184.216.34", 443, strict)).toBeNull();
  });

  it("refuses before connecting: other schemes, literal and resolved private addresses, metadata", async () => {
    const strict = { PORT: "3000" };
    const refused = async (url: string, useEnv: Record<string, string> = strict) => {
      const result = await deliverWebhook(delivery({ url }), useEnv);
      expect(result.ok).toBe(false);
      return result.ok ? "" : result.error;
    };
    expect(await refused("ftp://example.com/hook")).toBe("Webhook addresses must be http or https.");
    expect(await refused(`${base}/hook`)).toMatch(/^The webhook address is refused: 127\.0\.0\.1 is a loopback address/);
    expect(await refused("http://[::ffff:127.0.0.1]:9/hook")).toMatch(/loopback address/);
    expect(await refused("http://169.254.169.254/latest/meta-data/", env)).toMatch(/metadata/);
    // A name that resolves to loopback is refused after resolving, before any connection.
    expect(await refused(`${base.replace("127.0.0.1", "localhost")}/hook`)).toMatch(/^The webhook address is refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(await refused(`http://localhost:${env.PORT}/hook`, env)).toMatch(/Roundtable itself/);
    expect(received).toHaveLength(0);
  });
});
