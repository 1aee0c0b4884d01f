// The built-in demo model: answers in-process, in the OpenAI wire format, so that Roundtable works
// offline from the first start and the demo takes the same SDK path as a real provider.
import "server-only";

const WORD_DELAY_MS = 25;

type DemoTool = { type: string; function?: { name: string; parameters?: { properties?: Record<string, JsonSchema>; required?: string[] } } };
type JsonSchema = { type?: string; enum?: unknown[]; minimum?: number; default?: unknown };
type ChatRequest = { model: string; stream?: boolean; messages: { role: string; content: unknown; name?: string; tool_call_id?: string }[]; tools?: DemoTool[] };
type DemoCall = { id: string; name: string; arguments: string };
type DemoAnswer = { text: string } | { call: DemoCall };

function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? "").join(" ");
  return "";
}

/** A plausible value for a parameter, so that the demo can call any function it is given. */
function exampleValue(name: string, schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.type === "integer" || schema.type === "number") return schema.minimum ?? (/sides|count|max/i.test(name) ? 6 : 1);
  if (schema.type === "boolean") return true;
  if (schema.type === "array") return [];
  if (schema.type === "object") return {};
  return `example ${name}`;
}

/**
 * The demo calls a function when the person's message names one of the functions it was given
 * ("@helper roll_dice please"), so that a newcomer sees the tool loop with no model provider.
 */
function demoCall(request: ChatRequest): DemoCall | null {
  const last = request.messages.at(-1);
  if (last?.role !== "user") return null;
  const said = text(last.content);
  const fn = (request.tools ?? []).find((tool) => tool.type === "function" && tool.function && new RegExp(`\\b${tool.function.name}\\b`).test(said))?.function;
  if (!fn) return null;
  const properties = fn.parameters?.properties ?? {};
  const args = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, exampleValue(name, schema)]));
  return { id: `call_demo_${Date.now().toString(36)}`, name: fn.name, arguments: JSON.stringify(args) };
}

/** After the outputs of its calls come back: what each call returned. */
function toolReply(request: ChatRequest): string | null {
  const outputs: string[] = [];
  for (const message of [...request.messages].reverse()) {
    if (message.role !== "tool") break;
    outputs.unshift(text(message.content));
  }
  if (!outputs.length) return null;
  const calls = request.messages.findLast((message) => message.role === "assistant") as { tool_calls?: { function: { name: string } }[] } | undefined;
  const results = outputs.map((output, index) => `${calls?.tool_calls?.[index]?.function.name ?? "The function"} returned “${output.length > 200 ? `${output.slice(0, 200)}…` : output}”`);
  return `*Demo model* — ${results.join("; ")}. A real model would now use that in its answer.`;
}

function demoAnswer(request: ChatRequest): DemoAnswer {
  const call = demoCall(request);
  if (call) return { call };
  return { text: toolReply(request) ?? demoReply(request) };
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
  const answer = demoAnswer(request);
  const reply = "text" in answer ? answer.text : "";
  const toolCall = "call" in answer ? { id: answer.call.id, type: "function", function: { name: answer.call.name, arguments: answer.call.arguments } } : null;
  const finish = toolCall ? "tool_calls" : "stop";
  const usage = { prompt_tokens: Math.ceil(JSON.stringify(request.messages).length / 4), completion_tokens: Math.ceil((reply || JSON.stringify(toolCall)).length / 4) };
  const base = { id: `demo-${Date.now()}`, created: Math.floor(Date.now() / 1000), model: "demo" };
  if (!request.stream) {
    const message = toolCall ? { role: "assistant", content: null, tool_calls: [toolCall] } : { role: "assistant", content: reply };
    return Response.json({
      ...base,
      object: "chat.completion",
      choices: [{ index: 0, message, finish_reason: finish }],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    });
  }
  const signal = init?.signal;
  const encoder = new TextEncoder();
  const chunk = (body: object) => encoder.encode(`data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", ...body })}\n\n`);
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        if (toolCall) {
          await sleep(WORD_DELAY_MS, signal);
          controller.enqueue(chunk({ choices: [{ index: 0, delta: { role: "assistant", content: null, tool_calls: [{ index: 0, ...toolCall }] }, finish_reason: null }] }));
        }
        for (const word of reply.match(/\S+\s*/g) ?? []) {
          await sleep(WORD_DELAY_MS, signal);
          controller.enqueue(chunk({ choices: [{ index: 0, delta: { content: word }, finish_reason: null }] }));
        }
        controller.enqueue(chunk({ choices: [{ index: 0, delta: {}, finish_reason: finish }] }));
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
