"use client";

import { useQuery } from "@tanstack/react-query";
import { AutoGrowTextarea, control, Field, quietButton, Section } from "./form-controls";
import type { AssistantEditor } from "./use-assistant-editor";

const MAX_INSTRUCTIONS = 32_000;

async function fetchModels(): Promise<{ demo: boolean; models: string[] }> {
  const response = await fetch("/api/models");
  return response.ok ? ((await response.json()) as { demo: boolean; models: string[] }) : { demo: false, models: [] };
}

/** Instructions, model and temperature: what the assistant is told and what writes its replies. */
export function BehaviourSection({ editor: { fieldId, values, errorFor, change } }: { editor: AssistantEditor }) {
  return (
    <Section title="Behaviour" description="What it is told before every reply, and which model writes the reply.">
      <Field
        id={fieldId("instructions")}
        label="Instructions"
        hint={`${values.instructions.length.toLocaleString("en")} / ${MAX_INSTRUCTIONS.toLocaleString("en")} characters`}
        error={errorFor("instructions")}
      >
        {(aria) => (
          <AutoGrowTextarea
            {...aria}
            rows={12}
            value={values.instructions}
            placeholder="You are a careful analyst. Answer with numbers and say where they come from."
            onChange={(event) => change({ instructions: event.target.value })}
            className={`${control} leading-relaxed`}
          />
        )}
      </Field>
      <div className="grid gap-5 sm:grid-cols-[minmax(0,1fr)_12rem]">
        <ModelField id={fieldId("model")} value={values.model} error={errorFor("model")} onChange={(model) => change({ model })} />
        <Field
          id={fieldId("temperature")}
          label="Temperature"
          hint={values.temperature === "" ? "Empty: the model's default. 0 is steady, 2 is loose." : "0 is steady, 2 is loose."}
          error={errorFor("temperature")}
        >
          {(aria) => (
            <div className="flex items-center gap-1">
              <input
                {...aria}
                type="number"
                inputMode="decimal"
                min={0}
                max={2}
                step={0.1}
                placeholder="Default"
                value={values.temperature}
                onChange={(event) => change({ temperature: event.target.value })}
                className={control}
              />
              {values.temperature !== "" ? (
                <button type="button" className={quietButton} aria-label="Use the model's default temperature" onClick={() => change({ temperature: "" })}>
                  Default
                </button>
              ) : null}
            </div>
          )}
        </Field>
      </div>
    </Section>
  );
}

function ModelField({ id, value, error, onChange }: { id: string; value: string; error?: string; onChange: (model: string) => void }) {
  const models = useQuery({ queryKey: ["models"], queryFn: fetchModels, staleTime: 60_000 });
  const suggestion = models.data?.models[0];
  return (
    <Field id={id} label="Model" hint="Pick one the provider offers, or type any model name it accepts." error={error}>
      {(aria) => (
        <>
          <input {...aria} list={`${id}-options`} value={value} autoComplete="off" spellCheck={false} placeholder={suggestion ?? "Model name"} onChange={(event) => onChange(event.target.value)} className={`${control} font-mono`} />
          <datalist id={`${id}-options`}>
            {models.data?.models.map((model) => <option key={model} value={model} />)}
          </datalist>
          {!value && suggestion ? (
            <button type="button" onClick={() => onChange(suggestion)} className="mt-1 text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400">
              Use {suggestion}
            </button>
          ) : null}
          {models.data?.demo ? <p className="mt-1 text-xs text-amber-700 dark:text-amber-300">No provider configured: the demo model will answer.</p> : null}
        </>
      )}
    </Field>
  );
}
