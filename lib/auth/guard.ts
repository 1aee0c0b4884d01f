import "server-only";
import { z } from "zod";
import type { SessionUser } from "./session";
import { db, type PrismaClient } from "../db";
import { DomainError, UnauthenticatedError, ValidationError } from "../errors";
import { currentUser } from "./session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; status: number; fieldErrors?: Record<string, string[] | undefined> };
type Context = { user: SessionUser; prisma: PrismaClient };

function failure(error: unknown): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof ValidationError) return { ok: false, error: error.message, status: 400, fieldErrors: error.fieldErrors };
  if (error instanceof DomainError) return { ok: false, error: error.message, status: error.status };
  console.error(error);
  return { ok: false, error: "Something went wrong on our side. Please try again.", status: 500 };
}

async function signedIn(): Promise<Context> {
  const user = await currentUser();
  if (!user) throw new UnauthenticatedError();
  return { user, prisma: await db() };
}

/**
 * A server action for signed-in people: its input parsed by the schema, domain errors returned
 * as a clear message (never thrown to the client), anything else logged and hidden.
 */
export function userAction<S extends z.ZodType, T>(schema: S, run: (input: z.output<S>, context: Context) => Promise<T>) {
  return async (input: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const context = await signedIn();
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        throw new ValidationError(parsed.error.issues[0]?.message ?? "Invalid input.", z.flattenError(parsed.error).fieldErrors as Record<string, string[]>);
      }
      return { ok: true, data: await run(parsed.data, context) };
    } catch (error) {
      return failure(error);
    }
  };
}

/** A route handler for signed-in people; domain errors become JSON `{ error }` with their status. */
export function userRoute<P>(handle: (request: Request, context: Context & { params: P }) => Promise<Response>) {
  return async (request: Request, { params }: { params: Promise<P> }): Promise<Response> => {
    try {
      return await handle(request, { ...(await signedIn()), params: await params });
    } catch (error) {
      const { error: message, status, fieldErrors } = failure(error);
      return Response.json({ error: message, fieldErrors }, { status });
    }
  };
}
