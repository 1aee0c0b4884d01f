// The built-in demo model: answers in-process, in the OpenAI wire format, so that Roundtable works
// offline from the first start and the demo takes the same SDK path as a real provider.
import "server-only";

const WORD_DELAY_MS = 25;

type ChatRequest = { model: string; stream?: boolean; messages: { role: string; content: unknown }[] };

function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? "").join(" ");
  return "";
}

function demoReply(request: ChatRequest): string {
  const system = text(request.messages.find((message) => message.role === "system")?.content);
  const name = /You are ([^(\n]+?) \(@/.exec(system)?.[1] ?? "the assistant";
  // Quoted without "@", so that the demo's reply never hands off to the assistants it quotes.
  const last = text(request.messages.filter((message) => message.role === "user").at(-1)?.content)
    .replace(/^\[[^\]]*\]:\s*/, "")
    .replace(/@(?=\S)/g, "");
  const quoted = last.length > 160 ? `${last.slice(0, 160)}…` : last;
  return (
    `*Demo model* — I am ${name}, answering with Roundtable's built-in demo model because no model provider is configured. ` +
    `You wrote: “${quoted}”. To get real answers, set OPENAI_API_KEY (and OPENAI_BASE_URL for Azure, Ollama, vLLM or LM Studio) and restart.`
  );
}

const sleep = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** A `fetch` for the openai SDK that serves chat completions from the demo model. */
export const demoFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const url = String(input instanceof Request ? input.url : input);
  if (url.endsWith("/models")) {
    return Response.json({ object: "list", data: [{ id: "demo", object: "model", created: 0, owned_by: "roundtable" }] });
  }
  const request = JSON.parse(String(init?.body ?? "{}")) as ChatRequest;
  const reply = demoReply(request);
  const usage = { prompt_tokens: Math.ceil(JSON.stringify(request.messages).length / 4), completion_tokens: Math.ceil(reply.length / 4) };
  const base = { id: `demo-${Date.now()}`, created: Math.floor(Date.now() / 1000), model: "demo" };
  if (!request.stream) {
    return Response.json({
      ...base,
      object: "chat.completion",
      choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop" }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }
  const signal = init?.signal;
  const encoder = new TextEncoder();
  const chunk = (body: object) => encoder.encode(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", ...body })}\n\n`);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for (const word of reply.match(/\S+\s*/g) ?? []) {
          await sleep(WORD_DELAY_MS, signal);
          controller.enqueue(chunk({ choices: [{ index: 0, delta: { content: word }, finish_reason: null }] }));
        }
        controller.enqueue(chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }));
        controller.enqueue(chunk({ choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }));
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        controller.close();
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
};
