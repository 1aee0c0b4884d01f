import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { networkInterfaces } from "node:os";
import type { Env } from "../config";

// Where a webhook may be sent (SSRF): never to addresses that reach inside cloud hosts or the
// network stack itself; to loopback and private networks only when the instance allows it (a
// self-hosted webhook next to Roundtable); never to Roundtable itself.

const NEVER = new BlockList();
NEVER.addSubnet("0.0.0.0", 8, "ipv4"); // "this network"; 0.0.0.0 reaches the local host
NEVER.addSubnet("169.254.0.0", 16, "ipv4"); // link-local, with the cloud metadata service at .169.254
NEVER.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud's metadata service
NEVER.addSubnet("224.0.0.0", 4, "ipv4"); // multicast
NEVER.addSubnet("240.0.0.0", 4, "ipv4"); // reserved, and the broadcast address
NEVER.addSubnet("::", 96, "ipv6"); // unspecified and the deprecated IPv4-compatible forms
NEVER.addSubnet("fe80::", 10, "ipv6"); // link-local
NEVER.addAddress("fd00:ec2::254", "ipv6"); // AWS's metadata service over IPv6
NEVER.addSubnet("ff00::", 8, "ipv6"); // multicast

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

const PRIVATE = new BlockList();
PRIVATE.addSubnet("10.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("172.16.0.0", 12, "ipv4");
PRIVATE.addSubnet("192.168.0.0", 16, "ipv4");
PRIVATE.addSubnet("100.64.0.0", 10, "ipv4"); // carrier-grade NAT
PRIVATE.addSubnet("198.18.0.0", 15, "ipv4"); // benchmarking
PRIVATE.addSubnet("fc00::", 7, "ipv6"); // unique local

/** The 8 groups of an IPv6 address, as numbers. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((group) => parseInt(group, 16));
}

/** The IPv4 address an IPv6 address carries (mapped or NAT64), which is the one reached. */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  const v4 = () => `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  const zeros = (from: number, to: number) => g.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4();
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4();
  return null;
}

export type AddressKind = "never" | "loopback" | "private" | "public";

export function addressKind(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return "never";
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  const [ip, type] = v4 ? [v4, "ipv4" as const] : [address, "ipv6" as const];
  if (LOOPBACK.check(ip, type)) return "loopback";
  if (NEVER.check(ip, type)) return "never";
  if (PRIVATE.check(ip, type)) return "private";
  return "public";
}

export function allowPrivateWebhooks(env: Env = process.env): boolean {
  return /^(1|true|yes|on)$/i.test(env.WEBHOOK_ALLOW_PRIVATE ?? "");
}

/** The port Roundtable itself listens on: a webhook on a local address and this port would call the app. */
function appPort(env: Env): number {
  return Number(env.PORT || 3000);
}

function localAddresses(): Set<string> {
  const own = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((item) => item.address));
  return new Set(own);
}

export class WebhookAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookAddressError";
  }
}

/** Why this address may not be called on this port ("a loopback address …"), or null. */
export function addressRefusal(address: string, port: number, env: Env = process.env): string | null {
  const kind = addressKind(address);
  if (kind === "never") return "a link-local, metadata or reserved address";
  const local = kind === "loopback" || localAddresses().has(address);
  if (local && port === appPort(env)) return `Roundtable itself (port ${port})`;
  if ((kind === "loopback" || kind === "private") && !allowPrivateWebhooks(env)) {
    return `a ${kind} address (set WEBHOOK_ALLOW_PRIVATE=true to allow webhooks on private networks)`;
  }
  return null;
}

/** The port a URL connects to. */
export function urlPort(url: URL): number {
  return Number(url.port || (url.protocol === "https:" ? 443 : 80));
}

/** Checks what can be checked without resolving: the scheme and a literal address. */
export function checkWebhookUrl(url: URL, env: Env = process.env): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new WebhookAddressError("Webhook addresses must be http or https.");
  if (url.username || url.password) throw new WebhookAddressError("Webhook addresses may not carry a user name or password.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const refusal = addressRefusal(host, urlPort(url), env);
    if (refusal) throw new WebhookAddressError(`The webhook address is refused: ${host} is ${refusal}.`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves the name and refuses it if any of its addresses is
 * refused, so that the address checked is the one connected to (no rebinding in between).
 */
export function guardedLookup(port: number, env: Env = process.env) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, family: options.family === "IPv6" ? 6 : options.family === "IPv4" ? 4 : Number(options.family) || 0 }, (error, addresses) => {
      if (error) return callback(error, []);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      for (const { address } of addresses) {
        const refusal = addressRefusal(address, port, env);
        if (refusal) return callback(new WebhookAddressError(`The webhook address is refused: ${hostname} resolves to ${address}, ${refusal}.`), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
