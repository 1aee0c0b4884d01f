// Pure helpers for the assistant editor and its Try it panel: no React, so they are unit-tested.
import type { z } from "zod";
import type { AssistantDTO } from "@/lib/assistants/dto";
import { assistantInput, parametersSchemaError, type AssistantInput } from "@/lib/assistants/schema";
import type { TryEvent, tryInput } from "@/lib/assistants/try-draft";
import { functionOutput, outputOf, toolDefinition, WEBHOOK_RETRIES, WEBHOOK_TIMEOUT_SECONDS, type FunctionOutput, type FunctionTool, type ToolDefinition } from "@/lib/tools";

/** Where a function's output comes from, as its controls hold it. */
export type OutputDraft = {
  source: "person" | "webhook";
  answeredBy: "member" | "starter";
  url: string;
  timeoutSeconds: string;
  retries: string;
  /** The stored signing secret it keeps; null: a new one is made when saved. */
  secretId: string | null;
};

export type FunctionDraft = { key: string; name: string; description: string; parameters: string; output: OutputDraft };

/** What the form's controls hold: text as typed, so that half-typed values survive re-renders. */
export type FormState = {
  name: string;
  handle: string;
  description: string;
  instructions: string;
  model: string;
  /** The number field's text; empty means the model's default. */
  temperature: string;
  color: string;
  avatarUrl: string;
  retrieval: boolean;
  codeInterpreter: boolean;
  functions: FunctionDraft[];
  fileIds: string[];
};

export type AssistantValues = Pick<AssistantDTO, "name" | "handle" | "description" | "instructions" | "model" | "temperature" | "color" | "avatarUrl" | "tools" | "files">;

export type TryDraft = z.input<typeof tryInput>["draft"];

export const DEFAULT_COLOR = "#6366f1";
export const EMPTY_PARAMETERS = JSON.stringify({ type: "object", properties: {} }, null, 2);

export const FUNCTION_PARTS = ["name", "description", "parameters", "url", "timeoutSeconds", "retries"] as const;
export type FunctionPart = (typeof FUNCTION_PARTS)[number];
/** The parts of a function's output settings, as the server names them under `output`. */
export const OUTPUT_PARTS: readonly FunctionPart[] = ["url", "timeoutSeconds", "retries"];

/** Field keys of a function editor: by its key, so errors stay with it when others are removed. */
export const functionField = (key: string, part: FunctionPart) => `functions.${key}.${part}`;

function outputDraft(tool?: FunctionTool): OutputDraft {
  const output = tool ? outputOf(tool) : undefined;
  return {
    source: output?.source ?? "person",
    answeredBy: output?.source === "person" ? output.answeredBy : "member",
    url: output?.source === "webhook" ? output.url : "",
    timeoutSeconds: String(output?.source === "webhook" ? output.timeoutSeconds : WEBHOOK_TIMEOUT_SECONDS.default),
    retries: String(output?.source === "webhook" ? output.retries : WEBHOOK_RETRIES.default),
    secretId: output?.source === "webhook" ? (output.secretId ?? null) : null,
  };
}

function outputInput(draft: OutputDraft): FunctionOutput {
  if (draft.source === "person") return { source: "person", answeredBy: draft.answeredBy };
  return { source: "webhook", url: draft.url.trim(), timeoutSeconds: Number(draft.timeoutSeconds), retries: Number(draft.retries), ...(draft.secretId ? { secretId: draft.secretId } : {}) };
}

/** A key no function in `used` has; keys are React keys and error keys, never sent. */
function freshKey(used: Set<string>): string {
  let n = 0;
  while (used.has(`fn-${n}`)) n++;
  used.add(`fn-${n}`);
  return `fn-${n}`;
}

export function newFunction(functions: FunctionDraft[]): FunctionDraft {
  return { key: freshKey(new Set(functions.map((fn) => fn.key))), name: "", description: "", parameters: EMPTY_PARAMETERS, output: outputDraft() };
}

/**
 * The form for an assistant (or a new one). Functions keep the keys of `previous` by position, so
 * that resetting to saved values does not remount their editors (and lose focus).
 */
export function formStateFrom(assistant?: AssistantValues, previous?: FormState): FormState {
  if (!assistant) {
    return { name: "", handle: "", description: "", instructions: "", model: "", temperature: "", color: DEFAULT_COLOR, avatarUrl: "", retrieval: false, codeInterpreter: false, functions: [], fileIds: [] };
  }
  const used = new Set<string>();
  const keys = previous?.functions.map((fn) => fn.key) ?? [];
  const functions = assistant.tools.flatMap((tool) => (tool.type === "function" ? [tool] : []));
  return {
    name: assistant.name,
    handle: assistant.handle,
    description: assistant.description,
    instructions: assistant.instructions,
    model: assistant.model,
    temperature: assistant.temperature === null ? "" : String(assistant.temperature),
    color: assistant.color,
    avatarUrl: assistant.avatarUrl ?? "",
    retrieval: assistant.tools.some((tool) => tool.type === "retrieval"),
    codeInterpreter: assistant.tools.some((tool) => tool.type === "code_interpreter"),
    functions: functions.map((tool, index) => {
      const kept = keys[index];
      if (kept !== undefined) used.add(kept);
      const fn = tool.function;
      return {
        key: kept ?? freshKey(used),
        name: fn.name,
        description: fn.description ?? "",
        parameters: fn.parameters ? JSON.stringify(fn.parameters, null, 2) : EMPTY_PARAMETERS,
        output: outputDraft(tool),
      };
    }),
    fileIds: assistant.files.map((file) => file.id),
  };
}

/** Same values, ignoring function keys and the order in which files were ticked. */
export function sameValues(a: FormState, b: FormState): boolean {
  const comparable = (state: FormState) =>
    JSON.stringify({ ...state, functions: state.functions.map(({ key: _, ...fn }) => fn), fileIds: [...state.fileIds].sort() });
  return comparable(a) === comparable(b);
}

/** A handle suggested by a name: "Research Analyst" → "research-analyst". */
export function handleFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, 32)
    .replace(/-+$/, "");
}

export function temperatureValue(text: string): number | null {
  return text.trim() === "" ? null : Number(text);
}

export function parseParameters(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const problem = parametersSchemaError(value);
  return problem ? { ok: false, error: problem } : { ok: true, value: value as Record<string, unknown> };
}

function functionNameError(name: string): string | null {
  const parsed = toolDefinition.safeParse({ type: "function", function: { name } });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "This is not a usable function name.");
}

/**
 * Problems shown as the person types, keyed by field. Only what is wrong with what was typed:
 * required fields left empty are reported when saving, not before.
 */
export function liveErrors(state: FormState): Record<string, string> {
  const errors: Record<string, string> = {};
  const temperature = temperatureValue(state.temperature);
  if (temperature !== null && !(temperature >= 0 && temperature <= 2)) errors.temperature = "Temperature goes from 0 to 2.";
  const names = new Set<string>();
  for (const fn of state.functions) {
    const nameError = fn.name ? functionNameError(fn.name) : null;
    if (nameError) errors[functionField(fn.key, "name")] = nameError;
    else if (fn.name && names.has(fn.name)) errors[functionField(fn.key, "name")] = `Two functions are named "${fn.name}".`;
    names.add(fn.name);
    const parameters = parseParameters(fn.parameters);
    if (!parameters.ok) errors[functionField(fn.key, "parameters")] = parameters.error;
    Object.assign(errors, outputErrors(fn));
  }
  return errors;
}

/** What is wrong with a webhook's settings as typed; an empty address waits for the save. */
function outputErrors(fn: FunctionDraft): Record<string, string> {
  if (fn.output.source !== "webhook") return {};
  const parsed = functionOutput.safeParse(outputInput(fn.output));
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const part = issue.path[0];
    if (part === "url" && fn.output.url.trim() === "") continue;
    if (typeof part === "string" && OUTPUT_PARTS.includes(part as FunctionPart)) errors[functionField(fn.key, part as FunctionPart)] ??= issue.message;
  }
  return errors;
}

function buildTools(state: FormState): ToolDefinition[] {
  return [
    ...(state.retrieval ? [{ type: "retrieval" as const }] : []),
    ...(state.codeInterpreter ? [{ type: "code_interpreter" as const }] : []),
    ...state.functions.map((fn) => ({
      type: "function" as const,
      // Parses: callers build only when liveErrors(state) is empty.
      function: { name: fn.name, description: fn.description, parameters: JSON.parse(fn.parameters) as Record<string, unknown> },
      output: outputInput(fn.output),
    })),
  ];
}

/** The input for createAssistant/updateAssistant. Call only when liveErrors(state) is empty. */
export function buildInput(state: FormState): AssistantInput {
  return {
    name: state.name,
    handle: state.handle,
    description: state.description,
    instructions: state.instructions,
    model: state.model,
    temperature: temperatureValue(state.temperature),
    color: state.color,
    avatarUrl: state.avatarUrl.trim() || null,
    tools: buildTools(state),
    fileIds: state.fileIds,
  };
}

/** The assistant as edited, for Try it. Call only when liveErrors(state) is empty. */
export function tryDraft(state: FormState): TryDraft {
  // A new assistant can be tried before it has a name.
  return { name: state.name.trim() || "Untitled assistant", handle: state.handle, instructions: state.instructions, model: state.model, temperature: temperatureValue(state.temperature), tools: buildTools(state) };
}

/** The checks the server makes, run before sending, keyed by path as the server keys them. */
export function localFieldErrors(state: FormState): Record<string, string[]> | null {
  const parsed = assistantInput.safeParse(buildInput(state));
  if (parsed.success) return null;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "form"] ??= []).push(issue.message);
  return fieldErrors;
}

const TOP_LEVEL_FIELDS = new Set(["name", "handle", "description", "instructions", "model", "temperature", "color", "avatarUrl", "tools", "fileIds"]);

function fieldForPath(path: string, sent: FormState): string | null {
  const [head, index, ...rest] = path.split(".");
  if (head === "tools" && index !== undefined) {
    // Tools went as [retrieval?, code_interpreter?, ...functions]: the index counts them all.
    const before = (sent.retrieval ? 1 : 0) + (sent.codeInterpreter ? 1 : 0);
    const position = Number(index);
    if (!Number.isInteger(position)) return null;
    if (position < before) return "tools";
    const fn = sent.functions[position - before];
    const part = rest[0] === "function" || rest[0] === "output" ? rest[1] : undefined;
    return fn && FUNCTION_PARTS.includes(part as FunctionPart) ? functionField(fn.key, part as FunctionPart) : null;
  }
  return head !== undefined && TOP_LEVEL_FIELDS.has(head) ? head : null;
}

/**
 * Server errors ("tools.2.function.parameters") onto the form's fields, given the state that was
 * sent; what matches no field is returned for a form-level message.
 */
export function mapFieldErrors(fieldErrors: Record<string, string[] | undefined>, sent: FormState): { fields: Record<string, string>; form: string[] } {
  const fields: Record<string, string> = {};
  const form: string[] = [];
  for (const [path, messages] of Object.entries(fieldErrors)) {
    if (!messages?.length) continue;
    const text = messages.join(" ");
    const field = fieldForPath(path, sent);
    if (field) fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
    else form.push(text);
  }
  return { fields, form };
}

/** Complete Server-Sent Events frames in `buffer` as TryEvents, and the incomplete rest. */
export function takeEvents(buffer: string): { events: TryEvent[]; rest: string } {
  const frames = buffer.split(/\r?\n\r?\n/);
  const rest = frames.pop() ?? "";
  const events = frames.flatMap((frame) => {
    const data = frame
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    return data ? [JSON.parse(data) as TryEvent] : [];
  });
  return { events, rest };
}
