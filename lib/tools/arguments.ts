import "server-only";
import Ajv, { type ValidateFunction } from "ajv";

// Compiled validators by schema text: the same few functions are called over and over.
const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 200;

function validator(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, validate);
  }
  return validate;
}

export type ParsedArguments = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * The model's arguments for `name`, parsed and checked against its JSON Schema. A problem comes
 * back as a sentence addressed to the model, which gets it as the call's output and may retry.
 */
export function parseArguments(name: string, raw: string, schema: Record<string, unknown> | undefined): ParsedArguments {
  let value: unknown;
  try {
    value = raw.trim() === "" ? {} : JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: `Error: the arguments for ${name} are not valid JSON (${error instanceof Error ? error.message : String(error)}). Call it again with a JSON object.` };
  }
  if (!schema) return { ok: true, value };
  let validate: ValidateFunction;
  try {
    validate = validator(schema);
  } catch (error) {
    return { ok: false, error: `Error: ${name} cannot be called: its parameters schema does not compile (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (validate(value)) return { ok: true, value };
  const problems = (validate.errors ?? []).slice(0, 5).map((problem) => `${problem.instancePath || "(root)"} ${problem.message ?? "is invalid"}`);
  return { ok: false, error: `Error: the arguments for ${name} do not match its parameters schema: ${problems.join("; ")}. Call it again with corrected arguments.` };
}
