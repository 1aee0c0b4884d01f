import { userRoute } from "@/lib/auth/guard";
import { ValidationError } from "@/lib/errors";
import { tryAssistant } from "@/lib/runs/try";

export const dynamic = "force-dynamic";

/** "Try it": `{ draft, conversation }` → the draft assistant's reply as Server-Sent Events (TryEvent). */
export const POST = userRoute(async (request, { user }) => {
  const body: unknown = await request.json().catch(() => {
    throw new ValidationError("Send a JSON body: { draft, conversation }.");
  });
  const stream = tryAssistant(body, { person: user, signal: request.signal });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" } });
});
