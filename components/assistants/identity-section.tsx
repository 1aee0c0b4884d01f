"use client";

import { control, Field, Section } from "./form-controls";
import type { AssistantEditor } from "./use-assistant-editor";

/** Name, handle, description, colour and avatar: how people see the assistant and call it. */
export function IdentitySection({ editor: { fieldId, values, errorFor, change, changeName } }: { editor: AssistantEditor }) {
  return (
    <Section title="Identity" description="How people see it, and how they call it into a thread.">
      <div className="grid gap-5 sm:grid-cols-2">
        <Field id={fieldId("name")} label="Name" error={errorFor("name")}>
          {(aria) => <input {...aria} value={values.name} onChange={(event) => changeName(event.target.value)} autoComplete="off" maxLength={80} className={control} />}
        </Field>
        <Field id={fieldId("handle")} label="Handle" hint="Used to mention it: @handle" error={errorFor("handle")}>
          {(aria) => (
            <div className="flex items-center rounded-md border border-zinc-300 bg-white has-[[aria-invalid=true]]:border-red-500 has-[input:focus-visible]:outline-2 has-[input:focus-visible]:outline-offset-2 has-[input:focus-visible]:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-900 dark:has-[[aria-invalid=true]]:border-red-400">
              <span aria-hidden="true" className="pl-3 text-sm text-zinc-500">
                @
              </span>
              <input
                {...aria}
                value={values.handle}
                onChange={(event) => change({ handle: event.target.value.toLowerCase() })}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                maxLength={32}
                className="min-w-0 flex-1 bg-transparent py-2 pl-0.5 pr-3 text-sm focus-visible:outline-none"
              />
            </div>
          )}
        </Field>
      </div>
      <Field id={fieldId("description")} label="Description" hint={`What it is for, shown in the list of assistants. ${values.description.length} / 500`} error={errorFor("description")}>
        {(aria) => <textarea {...aria} rows={2} value={values.description} onChange={(event) => change({ description: event.target.value })} className={control} />}
      </Field>
      <div className="grid gap-5 sm:grid-cols-[auto_minmax(0,1fr)]">
        <Field id={fieldId("color")} label="Colour" error={errorFor("color")}>
          {(aria) => (
            <div className="flex items-center gap-2">
              <input
                {...aria}
                type="color"
                value={values.color}
                onChange={(event) => change({ color: event.target.value })}
                className="h-9 w-14 cursor-pointer rounded-md border border-zinc-300 bg-white p-1 dark:border-zinc-700 dark:bg-zinc-900"
              />
              <span aria-hidden="true" className="font-mono text-xs text-zinc-500">
                {values.color}
              </span>
            </div>
          )}
        </Field>
        <Field id={fieldId("avatarUrl")} label="Avatar image URL (optional)" hint="Without one, its initials show on its colour." error={errorFor("avatarUrl")}>
          {(aria) => (
            <input {...aria} type="url" inputMode="url" placeholder="https://…" value={values.avatarUrl} onChange={(event) => change({ avatarUrl: event.target.value })} className={control} />
          )}
        </Field>
      </div>
    </Section>
  );
}
