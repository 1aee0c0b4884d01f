import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { currentUser, userFromCookies, type SessionUser } from "../auth/session";
import { db, type PrismaClient } from "../db";
import { DomainError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "../errors";
import { readJsonBody, refuseCrossSite } from "../http/request";
import { enforce, type LimitName } from "../ratelimit";
import type { ThreadRole } from "../threads/dto";
import { decide, type Permission, type Refusal, type ThreadPermission } from "./policy";
import { loadSubject, type LoadedSubject, type SubjectKey } from "./subject";

/** The thread a thread-scoped verb acts in, as the person's membership was loaded for this request. */
export type ThreadAccess = { threadId: string; role: ThreadRole; archived: boolean };
type AccessFor<P extends Permission> = P extends ThreadPermission ? ThreadAccess : null;
export type GuardContext<P extends Permission> = { user: SessionUser; prisma: PrismaClient; access: AccessFor<P> };

export const THREAD_NOT_FOUND = "This thread does not exist, or you are not a member of it.";
const HIDDEN: Record<LoadedSubject["kind"] | "none", string> = {
  thread: THREAD_NOT_FOUND,
  run: "This run does not exist, or you are not a member of its thread.",
  message: "This message does not exist, or you are not a member of its thread.",
  file: "This file does not exist, or you may not see it.",
  assistant: "That assistant does not exist.",
  none: "Not found.",
};
const FORBIDDEN: Partial<Record<LoadedSubject["kind"], string>> = { assistant: "Only the assistant's creator (or an admin) can change it." };

function refusalError(refusal: Refusal, subject: LoadedSubject | null): DomainError {
  switch (refusal) {
    case "signedOut":
      return new UnauthenticatedError();
    case "hidden":
      return new NotFoundError(HIDDEN[subject?.kind ?? "none"]);
    case "forbidden":
      return new ForbiddenError((subject && FORBIDDEN[subject.kind]) ?? "Only the thread's owner can do that.");
    case "notAuthor":
      return new ForbiddenError("You can only change your own messages.");
    case "archived":
      return new DomainError("This thread is archived: it can be read, but not changed. Unarchive it first.", 409);
  }
}

/**
 * The chain every server action and route handler goes through: the session, then the subject
 * (thread, run, message or assistant) with the person's role in it, loaded once and decided by the
 * permission table; only then is the input parsed and the handler called.
 */
async function authorize<P extends Permission>(
  permission: P,
  user: SessionUser | null,
  subject: { key: SubjectKey; id: unknown } | null,
): Promise<GuardContext<P>> {
  if (!user) throw refusalError("signedOut", null);
  const prisma = await db();
  let loaded: LoadedSubject | null = null;
  if (subject) {
    // Ids are cuids or slugs; anything else (NUL, odd Unicode) is refused before it reaches the database.
    const id = typeof subject.id === "string" && /^[A-Za-z0-9_-]{1,100}$/.test(subject.id) ? subject.id : null;
    if (!id) throw new ValidationError(`\`${subject.key}\` must be an id.`);
    loaded = await loadSubject(prisma, subject.key, id, user.id);
    if (loaded.kind === "assistant" && !loaded.exists) throw refusalError("hidden", loaded);
  }
  const inThread = loaded && (loaded.kind === "thread" || loaded.kind === "run" || loaded.kind === "message") ? loaded : null;
  const refusal = decide(permission, {
    user,
    membership: inThread ? { role: inThread.role, archived: inThread.archived } : null,
    authorUserId: inThread?.authorUserId ?? null,
    assistantOwnerId: loaded?.kind === "assistant" ? loaded.ownerId : null,
    fileVisible: loaded?.kind === "file" && loaded.visible,
  });
  if (refusal) throw refusalError(refusal, loaded);
  const access = inThread?.threadId && inThread.role ? { threadId: inThread.threadId, role: inThread.role, archived: inThread.archived } : null;
  return { user, prisma, access: access as AccessFor<P> };
}

/**
 * For pages: the same decision, answered the way pages answer: signed-out visitors go to sign in
 * (and come back to `from`), and anything refused looks like a page that does not exist.
 */
export async function authorizePage<P extends Permission>(permission: P, from: string, subject?: { key: SubjectKey; id: string }): Promise<GuardContext<P>> {
  const user = await currentUser();
  if (!user) redirect(`/signin?from=${encodeURIComponent(from)}`);
  try {
    return await authorize(permission, user, subject ?? null);
  } catch (error) {
    if (error instanceof DomainError && error.status !== 400) notFound();
    throw error;
  }
}

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; status: number; fieldErrors?: Record<string, string[] | undefined>; retryAfterSeconds?: number };

function failure(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof ValidationError) return { ok: false, error: error.message, status: 400, fieldErrors: error.fieldErrors };
  if (error instanceof DomainError) {
    const retryAfterSeconds = (error as DomainError & { retryAfterSeconds?: number }).retryAfterSeconds;
    return { ok: false, error: error.message, status: error.status, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
  }
  console.error(error);
  return { ok: false, error: "Something went wrong on our side. Please try again.", status: 500 };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(parsed.error.issues[0]?.message ?? "Invalid input.", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
}

/** What the registry knows of each guarded entry point: the permission matrix test walks it. */
export type GuardedEntry =
  | { kind: "action"; permission: Permission; subject: SubjectKey | null; invoke: (cookie: string | null, input: unknown) => Promise<ActionResult<unknown>> }
  | { kind: "route"; permission: Permission; subject: SubjectKey | null };

const registry = new WeakMap<object, GuardedEntry>();

export function guardedEntry(handler: unknown): GuardedEntry | undefined {
  return typeof handler === "function" ? registry.get(handler) : undefined;
}

type ActionSpec<P extends Permission, S extends z.ZodType> = {
  permission: P;
  input: S;
  subject?: SubjectKey;
  /** Counted per person once the request is authorised (429 with Retry-After past it). */
  limit?: LimitName;
};

/** A server action: domain errors come back as a clear message (never thrown to the client); anything else is logged and hidden. */
export function guardedAction<P extends Permission, S extends z.ZodType, T>(
  spec: ActionSpec<P, S>,
  handle: (input: z.output<S>, context: GuardContext<P>) => Promise<T>,
) {
  const invoke = async (cookie: string | null, input: unknown): Promise<ActionResult<T>> => {
    try {
      const fields = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
      const context = await authorize(spec.permission, await userFromCookies(cookie), spec.subject ? { key: spec.subject, id: fields[spec.subject] } : null);
      if (spec.limit) await enforce(spec.limit, context.user.id);
      return { ok: true, data: await handle(parse(spec.input, input), context) };
    } catch (error) {
      return failure(error);
    }
  };
  const action = async (input: z.input<S>): Promise<ActionResult<T>> => invoke((await headers()).get("cookie"), input);
  registry.set(action, { kind: "action", permission: spec.permission, subject: spec.subject ?? null, invoke });
  return action;
}

type RouteSpec<P extends Permission, K extends string, B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  permission: P;
  /** The path's parameters, by name (`[threadId]` → "threadId"). */
  params?: readonly K[];
  /** Which parameter names the subject the permission is decided on. */
  subject?: SubjectKey & K;
  /** A JSON body, read with a size cap and parsed by this schema. */
  body?: B;
  bodyMaxBytes?: number;
  /** The query string, parsed by this schema. */
  query?: Q;
  /** Counted per person once the request is authorised, before the body is read. */
  limit?: LimitName;
};
type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;
type RouteContext<P extends Permission, K extends string, B, Q> = GuardContext<P> & { request: Request; params: Record<K, string>; body: Parsed<B>; query: Parsed<Q> };

function errorResponse(error: unknown): Response {
  const { error: message, status, fieldErrors, retryAfterSeconds } = failure(error);
  const headers = retryAfterSeconds ? { "Retry-After": String(retryAfterSeconds) } : undefined;
  return Response.json({ error: message, ...(fieldErrors ? { fieldErrors } : {}) }, { status, headers });
}

/** A route handler: same chain as actions, after refusing cross-site writes; errors become JSON `{ error }` with their status. */
export function guardedRoute<P extends Permission, K extends string = never, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<P, K, B, Q>,
  handle: (context: RouteContext<P, K, B, Q>) => Promise<Response>,
) {
  const route = async (request: Request, { params }: { params: Promise<Record<K, string>> }): Promise<Response> => {
    try {
      refuseCrossSite(request);
      const resolved = await params;
      const subject = spec.subject ? { key: spec.subject, id: resolved[spec.subject] } : null;
      const context = await authorize(spec.permission, await userFromCookies(request.headers.get("cookie")), subject);
      if (spec.limit) await enforce(spec.limit, context.user.id);
      const query = spec.query ? parse(spec.query, Object.fromEntries(new URL(request.url).searchParams)) : undefined;
      const body = spec.body ? parse(spec.body, await readJsonBody(request, spec.bodyMaxBytes)) : undefined;
      return await handle({ ...context, request, params: resolved, body: body as Parsed<B>, query: query as Parsed<Q> });
    } catch (error) {
      return errorResponse(error);
    }
  };
  registry.set(route, { kind: "route", permission: spec.permission, subject: spec.subject ?? null });
  return route;
}
