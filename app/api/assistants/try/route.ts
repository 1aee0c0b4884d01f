import { z } from "zod";
import { guardedRoute } from "@/lib/access/guard";
import { tryAssistant } from "@/lib/assistants/try-draft";

export const dynamic = "force-dynamic";

/** "Try it": `{ draft, conversation }` → the draft assistant's reply as Server-Sent Events (TryEvent). */
export const POST = guardedRoute({ permission: "assistant.try", body: z.unknown() }, async ({ request, user, body }) => {
  const stream = tryAssistant(body, { person: user, signal: request.signal });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" } });
});
