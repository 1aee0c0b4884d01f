import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Env } from "../config";
import { TooManyRequestsError } from "../errors";
import { LIMIT_NAMES, LIMITS, limitSetting, rateLimitStore, tryAgainIn, type LimitName, type RateLimitStore } from "./config";

export { clientAddress, type LimitName } from "./config";

/** An open stream may close at any moment, so a refused one is told to retry soon. */
const HOLD_RETRY_SECONDS = 30;
/** Connections of the PostgreSQL store (one short query per limited request). */
const POSTGRES_POOL_SIZE = 4;
const POSTGRES_TABLE = "rate_limits";

type Limiters = Partial<Record<LimitName, RateLimiterAbstract>>;

// Keys are hashed: the shared store then holds neither emails nor addresses, and every key fits
// the PostgreSQL store's column.
function storeKey(key: string): string {
  return createHash("sha256").update(key).digest("base64url");
}

function refusal(name: LimitName, rejection: unknown, retryAfterSeconds?: number): unknown {
  if (!(rejection instanceof RateLimiterRes)) return rejection;
  const seconds = retryAfterSeconds ?? Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  return new TooManyRequestsError(`${LIMITS[name].message} ${tryAgainIn(seconds)}`, seconds);
}

/** The named limits over one store; see ./config for what each one counts. */
export class RateLimits {
  constructor(
    private readonly limiters: Limiters,
    /** Ends the store's connections (tests, shutdown). */
    readonly close: () => Promise<void>,
  ) {}

  private async take(name: LimitName, key: string, retryAfterSeconds?: number): Promise<(() => Promise<void>) | null> {
    const limiter = this.limiters[name];
    if (!limiter) return null;
    const hashed = storeKey(key);
    try {
      await limiter.consume(hashed);
    } catch (rejection) {
      throw refusal(name, rejection, retryAfterSeconds);
    }
    return async () => void (await limiter.reward(hashed, 1));
  }

  /** Counts one request against the limit for this key; past the limit, throws TooManyRequestsError. */
  async enforce(name: LimitName, key: string): Promise<void> {
    await this.take(name, key);
  }

  /**
   * Counts an attempt against each limit (a null key is skipped), then gives the points back if it
   * succeeded: only failures add up. Once they reach a limit, every attempt is refused until its
   * window passes, the right password included.
   */
  async limitFailures<T>(checks: [LimitName, string | null][], attempt: () => Promise<T>, succeeded: (result: T) => boolean = Boolean): Promise<T> {
    const giveBack: (() => Promise<void>)[] = [];
    try {
      for (const [name, key] of checks) {
        const taken = key === null ? null : await this.take(name, key);
        if (taken) giveBack.push(taken);
      }
    } catch (error) {
      // Refused by a later limit: the attempt was not made, so it counts against none.
      await Promise.all(giveBack.map((give) => give()));
      throw error;
    }
    const result = await attempt();
    if (succeeded(result)) await Promise.all(giveBack.map((give) => give()));
    return result;
  }

  /**
   * Takes one of the key's concurrent places under a concurrency limit. Returns the function that
   * gives it back (once, whatever happens; it never throws).
   */
  async hold(name: LimitName, key: string): Promise<() => Promise<void>> {
    const limiter = this.limiters[name];
    if (!limiter) return async () => {};
    const hashed = storeKey(key);
    try {
      await this.take(name, key, HOLD_RETRY_SECONDS);
    } catch (error) {
      // A refused take still counted; a place must be free again as soon as one stream closes.
      if (error instanceof TooManyRequestsError) await limiter.reward(hashed, 1);
      throw error;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        // A hold that outlived its window is gone already; giving it back would leave a spare place.
        const state = await limiter.get(hashed);
        if (state && state.consumedPoints > 0) await limiter.reward(hashed, 1);
      } catch (error) {
        console.warn(`Could not release a ${name} hold: ${(error as Error).message}`);
      }
    };
  }
}

export type RateLimitOptions = { env?: Env; store?: RateLimitStore; /** Separates instances sharing a store (tests). */ prefix?: string };
type Counters = { limiters: Limiters; close: () => Promise<void> };

/** The store's counters for every limit that is on (memory, PostgreSQL or Redis). */
async function openCounters({ env = process.env, store = rateLimitStore(env), prefix = "roundtable" }: RateLimitOptions): Promise<Counters> {
  const settings = LIMIT_NAMES.flatMap((name) => {
    const setting = limitSetting(name, env);
    return setting ? [{ name, options: { keyPrefix: `${prefix}:${name}`, points: setting.points, duration: setting.seconds } }] : [];
  });
  const build = (make: (options: (typeof settings)[number]["options"]) => RateLimiterAbstract): Limiters =>
    Object.fromEntries(settings.map(({ name, options }) => [name, make(options)]));

  if (store.kind === "memory") return { limiters: build((options) => new RateLimiterMemory(options)), close: async () => {} };

  if (store.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: store.url, max: POSTGRES_POOL_SIZE });
    pool.on("error", (error) => console.warn(`Rate limits: PostgreSQL closed an idle connection: ${error.message}`));
    // The library creates its table (if missing) when the first limiter starts.
    await new Promise<void>((resolve, reject) => {
      new RateLimiterPostgres({ storeClient: pool, storeType: "pool", tableName: POSTGRES_TABLE, points: 1, duration: 1 }, (error) => (error ? reject(error) : resolve()));
    }).catch(async (error: unknown) => {
      await pool.end();
      throw error;
    });
    const limiters = build(
      (options) =>
        new RateLimiterPostgres({
          ...options,
          storeClient: pool,
          storeType: "pool",
          tableName: POSTGRES_TABLE,
          tableCreated: true,
          clearExpiredByTimeout: true,
          // If the store fails, this process keeps limiting on its own rather than refusing everyone.
          insuranceLimiter: new RateLimiterMemory(options),
        }),
    );
    return { limiters, close: () => pool.end() };
  }

  const { Redis } = await import("ioredis");
  const client = new Redis(store.url, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1 });
  let warned = false;
  client.on("error", (error: Error) => {
    if (!warned) console.warn(`Rate limits: Redis unavailable (${error.message}); limiting in this process meanwhile.`);
    warned = true;
  });
  client.on("ready", () => {
    warned = false;
  });
  await client.connect().catch(() => {});
  const limiters = build((options) => new RateLimiterRedis({ ...options, storeClient: client, insuranceLimiter: new RateLimiterMemory(options) }));
  return { limiters, close: async () => client.disconnect() };
}

/** Every limit over the store the environment (or the options) name. */
export async function createRateLimits(options: RateLimitOptions = {}): Promise<RateLimits> {
  const { limiters, close } = await openCounters(options);
  return new RateLimits(limiters, close);
}

// The counters are shared by the whole process, on globalThis: Next.js bundles route handlers and
// server actions in separate layers, each with its own copy of this module (and of lib/errors), and
// both must count against the same limits. The RateLimits around them is this copy's own, so that
// the errors it throws are the ones its callers check for.
const shared = globalThis as typeof globalThis & { __roundtableRateCounters?: Promise<Counters> };
let own: Promise<RateLimits> | undefined;

/** The app's limits, built on first use from the environment. */
export function rateLimits(): Promise<RateLimits> {
  shared.__roundtableRateCounters ??= openCounters({}).catch((error: unknown) => {
    shared.__roundtableRateCounters = undefined;
    throw error;
  });
  own ??= shared.__roundtableRateCounters.then(
    ({ limiters, close }) => new RateLimits(limiters, close),
    (error: unknown) => {
      own = undefined;
      throw error;
    },
  );
  return own;
}

/** Counts one request against `limit` for `key` (a user id, an email, an address). Throws TooManyRequestsError past it. */
export async function enforce(limit: LimitName, key: string): Promise<void> {
  await (await rateLimits()).enforce(limit, key);
}

/** See RateLimits.limitFailures. */
export async function limitFailures<T>(checks: [LimitName, string | null][], attempt: () => Promise<T>, succeeded?: (result: T) => boolean): Promise<T> {
  return (await rateLimits()).limitFailures(checks, attempt, succeeded);
}

/** Takes one of the person's open-stream places; call the returned function when the stream closes. */
export async function holdStream(userId: string): Promise<() => Promise<void>> {
  return (await rateLimits()).hold("streams", userId);
}

/**
 * The stream `open` makes, holding one of the person's open-stream places until it ends, however
 * it ends (the client going away, or the server closing it). Opened only once a place is taken.
 */
export async function heldStream(userId: string, signal: AbortSignal, open: () => ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const release = await holdStream(userId);
  signal.addEventListener("abort", () => void release(), { once: true });
  return open().pipeThrough(new TransformStream<Uint8Array, Uint8Array>({ flush: () => release() }));
}
