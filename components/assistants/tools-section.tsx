"use client";

import { AutoGrowTextarea, Checkbox, control, Field, hintText, quietButton, Section } from "./form-controls";
import { FUNCTION_PARTS, functionField, parseParameters, type FunctionDraft, type FunctionPart } from "./form-state";
import { FunctionOutputEditor } from "./function-output";
import type { AssistantEditor } from "./use-assistant-editor";

/** The built-in tools to switch on, and the function tools with their parameter schemas. */
export function ToolsSection({ editor }: { editor: AssistantEditor }) {
  const { fieldId, values, errorFor, change } = editor;
  return (
    <Section title="Tools" description="What it can do besides writing.">
      <fieldset className="space-y-2">
        <legend className="sr-only">Built-in tools</legend>
        <Checkbox id={fieldId("retrieval")} label="Retrieval over files" checked={values.retrieval} onChange={(retrieval) => change({ retrieval })} />
        <Checkbox id={fieldId("code")} label="Code interpreter" checked={values.codeInterpreter} onChange={(codeInterpreter) => change({ codeInterpreter })} />
      </fieldset>
      {errorFor("tools") ? (
        <p className="text-sm text-red-700 dark:text-red-300">
          {errorFor("tools")}
        </p>
      ) : null}
      <div className="space-y-3 border-t border-zinc-200 pt-5 dark:border-zinc-800">
        <div>
          <h3 className="text-sm font-semibold">Functions</h3>
          <p className={hintText}>Functions it may ask to call, each with a JSON Schema for its parameters.</p>
        </div>
        {values.functions.map((fn, index) => (
          <FunctionEditor
            key={fn.key}
            fn={fn}
            number={index + 1}
            idPrefix={fieldId(`fn-${fn.key}`)}
            errors={Object.fromEntries(FUNCTION_PARTS.map((part) => [part, errorFor(functionField(fn.key, part))]))}
            onChange={(patch) => editor.changeFunction(fn.key, patch)}
            onRemove={() => editor.removeFunction(fn.key)}
          />
        ))}
        <button ref={editor.addFunctionRef} type="button" onClick={editor.addFunction} className="rounded-md border border-dashed border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800">
          + Add function
        </button>
      </div>
    </Section>
  );
}

function FunctionEditor({
  fn,
  number,
  idPrefix,
  errors,
  onChange,
  onRemove,
}: {
  fn: FunctionDraft;
  number: number;
  idPrefix: string;
  errors: Partial<Record<FunctionPart, string>>;
  onChange: (patch: Partial<Omit<FunctionDraft, "key">>) => void;
  onRemove: () => void;
}) {
  const title = fn.name || `number ${number}`;
  const parsed = parseParameters(fn.parameters);
  const pretty = parsed.ok ? JSON.stringify(parsed.value, null, 2) : null;
  return (
    <fieldset className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <legend className="px-1 text-sm font-medium">
        Function {number}
        {fn.name ? <span className="font-mono font-normal text-zinc-500">: {fn.name}</span> : null}
      </legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`${idPrefix}-name`} label="Function name" hint="Letters, digits, _ and -." error={errors.name}>
          {(aria) => <input {...aria} value={fn.name} autoComplete="off" spellCheck={false} placeholder="get_weather" onChange={(event) => onChange({ name: event.target.value })} className={`${control} font-mono`} />}
        </Field>
        <Field id={`${idPrefix}-description`} label="Function description" error={errors.description}>
          {(aria) => <input {...aria} value={fn.description} placeholder="What it does, for the model" onChange={(event) => onChange({ description: event.target.value })} className={control} />}
        </Field>
      </div>
      <Field id={`${idPrefix}-parameters`} label="Parameters (JSON Schema)" error={errors.parameters}>
        {(aria) => (
          <AutoGrowTextarea {...aria} rows={5} spellCheck={false} value={fn.parameters} onChange={(event) => onChange({ parameters: event.target.value })} className={`${control} font-mono text-xs`} />
        )}
      </Field>
      <FunctionOutputEditor output={fn.output} idPrefix={idPrefix} title={title} errors={errors} onChange={(output) => onChange({ output })} />
      <div className="flex justify-between gap-2">
        <button type="button" disabled={pretty === null || pretty === fn.parameters} onClick={() => pretty && onChange({ parameters: pretty })} aria-label={`Format JSON of function ${title}`} className={quietButton}>
          Format JSON
        </button>
        <button type="button" onClick={onRemove} aria-label={`Remove function ${title}`} className="rounded-md px-2.5 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950">
          Remove
        </button>
      </div>
    </fieldset>
  );
}
