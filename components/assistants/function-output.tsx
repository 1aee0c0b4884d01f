"use client";

import { WEBHOOK_RETRIES, WEBHOOK_TIMEOUT_SECONDS } from "@/lib/tools";
import { control, Field, hintText, quietButton } from "./form-controls";
import type { OutputDraft } from "./form-state";

const radio = "size-4 accent-indigo-600";

/** Where a function's output comes from: a person in the thread, or a webhook with its settings. */
export function FunctionOutputEditor({
  output,
  idPrefix,
  title,
  errors,
  onChange,
}: {
  output: OutputDraft;
  idPrefix: string;
  title: string;
  errors: { url?: string; timeoutSeconds?: string; retries?: string };
  onChange: (output: OutputDraft) => void;
}) {
  const set = (patch: Partial<OutputDraft>) => onChange({ ...output, ...patch });
  return (
    <fieldset className="space-y-3 rounded-md bg-zinc-50 p-3 dark:bg-zinc-900">
      <legend className="sr-only">Where the output of function {title} comes from</legend>
      <p aria-hidden="true" className="text-sm font-medium">
        Its output comes from
      </p>
      <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" className={radio} name={`${idPrefix}-source`} checked={output.source === "person"} onChange={() => set({ source: "person" })} />A person in the thread
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" className={radio} name={`${idPrefix}-source`} checked={output.source === "webhook"} onChange={() => set({ source: "webhook" })} />A webhook
        </label>
      </div>
      {output.source === "person" ? (
        <Field id={`${idPrefix}-answered-by`} label="Who may answer" hint="The call shows in the thread as a card with its arguments; the run waits for the answer.">
          {(aria) => (
            <select {...aria} value={output.answeredBy} onChange={(event) => set({ answeredBy: event.target.value as OutputDraft["answeredBy"] })} className={control}>
              <option value="member">Any member of the thread</option>
              <option value="starter">Only the person who started the run</option>
            </select>
          )}
        </Field>
      ) : (
        <>
          <Field id={`${idPrefix}-url`} label="Webhook URL" hint="Roundtable POSTs the call as JSON; the response body is the output." error={errors.url}>
            {(aria) => <input {...aria} type="url" inputMode="url" placeholder="https://…" value={output.url} onChange={(event) => set({ url: event.target.value })} className={control} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id={`${idPrefix}-timeout`} label="Timeout (seconds)" error={errors.timeoutSeconds}>
              {(aria) => (
                <input {...aria} type="number" inputMode="numeric" min={WEBHOOK_TIMEOUT_SECONDS.min} max={WEBHOOK_TIMEOUT_SECONDS.max} value={output.timeoutSeconds} onChange={(event) => set({ timeoutSeconds: event.target.value })} className={control} />
              )}
            </Field>
            <Field id={`${idPrefix}-retries`} label="Retries" hint="On a 5xx answer or a timeout, with growing waits." error={errors.retries}>
              {(aria) => <input {...aria} type="number" inputMode="numeric" min={WEBHOOK_RETRIES.min} max={WEBHOOK_RETRIES.max} value={output.retries} onChange={(event) => set({ retries: event.target.value })} className={control} />}
            </Field>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <p className={`flex-1 ${hintText}`}>
              {output.secretId
                ? "Calls are signed with its secret (Roundtable-Signature header), shown once when it was made."
                : "A signing secret will be made when you save, and shown once."}
            </p>
            {output.secretId ? (
              <button type="button" onClick={() => set({ secretId: null })} aria-label={`Make a new signing secret for function ${title}`} className={quietButton}>
                Make a new secret
              </button>
            ) : null}
          </div>
        </>
      )}
    </fieldset>
  );
}
