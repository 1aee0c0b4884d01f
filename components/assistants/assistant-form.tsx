"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useTransition,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  type TextareaHTMLAttributes,
} from "react";
import { createAssistantAction, updateAssistantAction } from "@/app/(app)/assistants/actions";
import type { AssistantDTO } from "@/lib/assistants/dto";
import { MAX_ASSISTANT_FILES } from "@/lib/assistants/schema";
import { Avatar } from "../avatar";
import { FileChip } from "../files/file-chip";
import { useAttachments } from "../files/use-attachments";
import {
  buildInput,
  formStateFrom,
  functionField,
  handleFromName,
  liveErrors,
  localFieldErrors,
  mapFieldErrors,
  newFunction,
  parseParameters,
  sameValues,
  tryDraft,
  type FormState,
  type FunctionDraft,
} from "./form-state";
import { TryIt } from "./try-it";

type FileOption = { id: string; name: string };
type Props = { files: FileOption[] } & ({ mode: "create"; assistant?: undefined } | { mode: "edit"; assistant: AssistantDTO });
type FieldAria = { id: string; "aria-describedby"?: string; "aria-invalid"?: true };

const LEAVE_MESSAGE = "You have unsaved changes. Leave without saving?";
const MAX_INSTRUCTIONS = 32_000;

const control =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm placeholder:text-zinc-400 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-500 dark:aria-[invalid=true]:border-red-400";
const quietButton = "rounded-md px-2.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800";
const hintText = "text-xs text-zinc-500 dark:text-zinc-400";

async function fetchModels(): Promise<{ demo: boolean; models: string[] }> {
  const response = await fetch("/api/models");
  return response.ok ? ((await response.json()) as { demo: boolean; models: string[] }) : { demo: false, models: [] };
}

/** The assistant editor: its settings on the left, Try it (with the unsaved settings) on the right. */
export function AssistantForm({ mode, assistant, files }: Props) {
  const router = useRouter();
  const formId = useId();
  const fieldId = (name: string) => `${formId}-${name}`;
  const formRef = useRef<HTMLFormElement>(null);
  const addFunctionRef = useRef<HTMLButtonElement>(null);
  const uploadInputRef = useRef<HTMLInputElement>(null);

  const [values, setValues] = useState(() => formStateFrom(assistant));
  // The values last saved (or loaded): what "unsaved changes" compares against.
  const [saved, setSaved] = useState(() => formStateFrom(assistant));
  const [expectedUpdatedAt, setExpectedUpdatedAt] = useState(assistant?.updatedAt);
  // Errors from the last save attempt, by field; each goes when its field is edited.
  const [submitErrors, setSubmitErrors] = useState<Record<string, string>>({});
  // `summary`: it only points at field errors, so it goes when they have all been edited away.
  const [formError, setFormError] = useState<{ text: string; stale: boolean; summary: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [focusRequest, setFocusRequest] = useState<{ id: string } | { invalid: true } | null>(null);
  const [reloading, startReload] = useTransition();
  const reloadAsked = useRef(false);
  // Files uploaded on this page, newest first: the page's list of uploads predates them.
  const [uploadedHere, setUploadedHere] = useState<FileOption[]>([]);
  const uploads = useAttachments({
    onUploaded: (file, key) => {
      setUploadedHere((current) => [{ id: file.id, name: file.name }, ...current.filter((known) => known.id !== file.id)]);
      setValues((current) =>
        current.fileIds.includes(file.id) || current.fileIds.length >= MAX_ASSISTANT_FILES ? current : { ...current, fileIds: [...current.fileIds, file.id] },
      );
      clearErrors(["fileIds"]);
      // It is now a ticked box in the list: its chip has done its job.
      uploads.clear([key]);
    },
  });

  const live = useMemo(() => liveErrors(values), [values]);
  const hasLiveErrors = Object.keys(live).length > 0;
  const dirty = useMemo(() => !sameValues(values, saved), [values, saved]);
  const errorFor = (key: string): string | undefined => live[key] ?? submitErrors[key];
  const draft = useMemo(() => (hasLiveErrors ? null : tryDraft(values)), [values, hasLiveErrors]);

  useLeaveGuard(dirty);

  useEffect(() => {
    if (!focusRequest) return;
    const target = "id" in focusRequest ? document.getElementById(focusRequest.id) : formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  }, [focusRequest]);

  // After "Reload", once the page has the newer version: start again from it.
  useEffect(() => {
    if (!reloadAsked.current || reloading || !assistant || assistant.updatedAt === expectedUpdatedAt) return;
    reloadAsked.current = false;
    const fresh = formStateFrom(assistant);
    setValues(fresh);
    setSaved(fresh);
    setExpectedUpdatedAt(assistant.updatedAt);
    setSubmitErrors({});
    setFormError(null);
  }, [assistant, reloading, expectedUpdatedAt]);

  function clearErrors(keys: string[]) {
    setSubmitErrors((current) => {
      if (!keys.some((key) => key in current)) return current;
      const next = { ...current };
      for (const key of keys) delete next[key];
      return next;
    });
    setJustSaved(false);
  }

  function change(patch: Partial<FormState>) {
    setValues((current) => ({ ...current, ...patch }));
    clearErrors(Object.keys(patch));
  }

  function changeName(name: string) {
    // A new assistant's handle follows its name until the handle is edited by hand.
    setValues((current) => ({ ...current, name, handle: mode === "create" && current.handle === handleFromName(current.name) ? handleFromName(name) : current.handle }));
    clearErrors(mode === "create" ? ["name", "handle"] : ["name"]);
  }

  function changeFunction(key: string, patch: Partial<Omit<FunctionDraft, "key">>) {
    setValues((current) => ({ ...current, functions: current.functions.map((fn) => (fn.key === key ? { ...fn, ...patch } : fn)) }));
    clearErrors(Object.keys(patch).map((part) => functionField(key, part as keyof typeof patch)));
  }

  function addFunction() {
    const fn = newFunction(values.functions);
    setValues((current) => ({ ...current, functions: [...current.functions, fn] }));
    setFocusRequest({ id: fieldId(`fn-${fn.key}-name`) });
  }

  function removeFunction(key: string) {
    setValues((current) => ({ ...current, functions: current.functions.filter((fn) => fn.key !== key) }));
    clearErrors((["name", "description", "parameters"] as const).map((part) => functionField(key, part)));
    addFunctionRef.current?.focus();
  }

  function toggleFile(id: string, checked: boolean) {
    setValues((current) => ({ ...current, fileIds: checked ? [...current.fileIds, id] : current.fileIds.filter((fileId) => fileId !== id) }));
    clearErrors(["fileIds"]);
  }

  function showErrors(fieldErrors: Record<string, string[] | undefined>, sent: FormState, message: string, status: number) {
    const { fields, form } = mapFieldErrors(fieldErrors, sent);
    setSubmitErrors(fields);
    const hasFields = Object.keys(fields).length > 0;
    setFormError({ text: [...new Set([message, ...form])].join(" "), stale: status === 409, summary: hasFields && form.length === 0 });
    if (hasFields) setFocusRequest({ invalid: true });
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving || hasLiveErrors) return;
    const sent = values;
    const problems = localFieldErrors(sent);
    if (problems) return showErrors(problems, sent, "Please correct the highlighted fields.", 400);
    setSaving(true);
    setFormError(null);
    setSubmitErrors({});
    setJustSaved(false);
    let navigating = false;
    try {
      const input = buildInput(sent);
      const result = assistant
        ? await updateAssistantAction({ assistantId: assistant.id, expectedUpdatedAt: expectedUpdatedAt ?? assistant.updatedAt, input })
        : await createAssistantAction({ input });
      if (!result.ok) return showErrors(result.fieldErrors ?? {}, sent, result.error, result.status);
      if (!assistant) {
        navigating = true;
        setSaved(sent);
        router.push(`/assistants/${result.data.id}/edit`);
        return;
      }
      // What the server stored (trimmed, lower-cased) is now the saved version; edits made while
      // saving stay as they are.
      setSaved(formStateFrom(result.data, sent));
      setValues((current) => (sameValues(current, sent) ? formStateFrom(result.data, current) : current));
      setExpectedUpdatedAt(result.data.updatedAt);
      setJustSaved(true);
    } catch {
      setFormError({ text: "Could not reach the server. Your changes are still here: try again.", stale: false, summary: false });
    } finally {
      // Stays "saving" until the new page opens, so that a second click cannot create a twin.
      if (!navigating) setSaving(false);
    }
  }

  function reload() {
    reloadAsked.current = true;
    startReload(() => router.refresh());
  }

  function discard() {
    if (!window.confirm("Discard your unsaved changes?")) return;
    setValues(saved);
    setSubmitErrors({});
    setFormError(null);
  }

  function keyDown(event: KeyboardEvent<HTMLFormElement>) {
    if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  }

  const fileOptions = useMemo(() => {
    const mine = [...uploadedHere, ...files.filter((file) => !uploadedHere.some((known) => known.id === file.id))];
    // Files the assistant already has stay listed even when someone else uploaded them.
    const uploaded = new Set(mine.map((file) => file.id));
    return [...(assistant?.files.filter((file) => !uploaded.has(file.id)) ?? []), ...mine];
  }, [assistant, files, uploadedHere]);

  // Only a complete-looking address: a half-typed one would be fetched as a path of this site.
  const avatarPreview = /^https?:\/\/\S+$/i.test(values.avatarUrl.trim()) ? values.avatarUrl.trim() : null;
  const status = saving ? (mode === "create" ? "Creating…" : "Saving…") : dirty ? "Unsaved changes" : justSaved ? "Saved." : "";

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto w-full max-w-7xl px-4 py-6 md:px-8">
        <header className="mb-6">
          <Link href="/assistants" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
            <span aria-hidden="true">← </span>
            Back to assistants
          </Link>
          <div className="mt-3 flex items-center gap-3">
            <Avatar name={values.name || "New assistant"} image={avatarPreview} color={values.color} size={44} />
            <div className="min-w-0 flex-1">
              <h1 className="truncate text-xl font-semibold">{assistant ? `Edit ${assistant.name}` : "New assistant"}</h1>
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                {assistant ? "Changes apply to its next replies, in every thread it is in." : "Set it up, try it on the right, then create it."}
              </p>
            </div>
            {assistant ? (
              <Link href={`/assistants/${assistant.id}`} className={quietButton}>
                Its runs
              </Link>
            ) : null}
          </div>
        </header>

        <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(20rem,26rem)]">
          <form ref={formRef} onSubmit={save} onKeyDown={keyDown} noValidate aria-label={assistant ? `Edit ${assistant.name}` : "New assistant"} className="min-w-0 space-y-6">
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
                    errors={{
                      name: errorFor(functionField(fn.key, "name")),
                      description: errorFor(functionField(fn.key, "description")),
                      parameters: errorFor(functionField(fn.key, "parameters")),
                    }}
                    onChange={(patch) => changeFunction(fn.key, patch)}
                    onRemove={() => removeFunction(fn.key)}
                  />
                ))}
                <button ref={addFunctionRef} type="button" onClick={addFunction} className="rounded-md border border-dashed border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800">
                  + Add function
                </button>
              </div>
            </Section>

            <Section title="Default files" description="Files it has in every thread, from those you uploaded.">
              <FilesPicker
                id={fieldId("files")}
                options={fileOptions}
                selected={values.fileIds}
                hasUploads={files.length + uploadedHere.length > 0}
                error={errorFor("fileIds")}
                onToggle={toggleFile}
              />
              <div className="space-y-2 border-t border-zinc-200 pt-5 dark:border-zinc-800">
                <h3 className="text-sm font-semibold">Upload new files</h3>
                <p id={fieldId("upload-hint")} className={hintText}>
                  Each upload joins the list above, ticked while the assistant has room for it.
                </p>
                <input
                  ref={uploadInputRef}
                  type="file"
                  multiple
                  aria-label="Upload files for this assistant"
                  aria-describedby={fieldId("upload-hint")}
                  onChange={(event) => {
                    uploads.add(Array.from(event.target.files ?? []));
                    // So that choosing the same file again is a change too.
                    event.target.value = "";
                  }}
                  className="block w-full text-sm text-zinc-700 file:mr-3 file:cursor-pointer file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-1.5 file:text-sm file:font-semibold file:text-indigo-700 hover:file:bg-indigo-100 dark:text-zinc-300 dark:file:bg-indigo-950 dark:file:text-indigo-200 dark:hover:file:bg-indigo-900"
                />
                {uploads.items.length > 0 ? (
                  <ul aria-label="Uploads" className="flex flex-wrap gap-2">
                    {uploads.items.map((upload) => (
                      <li key={upload.key} className="max-w-full">
                        <FileChip
                          item={upload}
                          onRemove={() => {
                            upload.remove();
                            uploadInputRef.current?.focus();
                          }}
                        />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            </Section>

            <div className="sticky bottom-0 z-10 -mx-2 border-t border-zinc-200 bg-white/95 px-2 py-3 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/95">
              {formError && !(formError.summary && Object.keys(submitErrors).length === 0) ? (
                <div role="alert" className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
                  <p className="min-w-0 flex-1">{formError.text}</p>
                  {formError.stale ? (
                    <button type="button" onClick={reload} disabled={reloading} className="rounded-md border border-red-300 bg-white px-2.5 py-1 text-sm font-medium hover:bg-red-100 disabled:opacity-50 dark:border-red-800 dark:bg-red-950 dark:hover:bg-red-900">
                      {reloading ? "Reloading…" : "Reload"}
                    </button>
                  ) : null}
                </div>
              ) : null}
              <div className="flex flex-wrap items-center gap-3">
                <button
                  type="submit"
                  disabled={saving || hasLiveErrors}
                  aria-describedby={hasLiveErrors ? fieldId("blocked") : undefined}
                  className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
                >
                  {mode === "create" ? "Create assistant" : "Save changes"}
                </button>
                {assistant && dirty && !saving ? (
                  <button type="button" onClick={discard} className={quietButton}>
                    Discard changes
                  </button>
                ) : null}
                <p role="status" className={`text-sm ${justSaved && !dirty ? "text-emerald-700 dark:text-emerald-300" : "text-zinc-500 dark:text-zinc-400"}`}>
                  {status}
                </p>
                {hasLiveErrors ? (
                  <p id={fieldId("blocked")} className="text-sm text-red-700 dark:text-red-300">
                    Fix the highlighted fields to save.
                  </p>
                ) : (
                  <p className={`ml-auto hidden sm:block ${hintText}`}>
                    <kbd className="font-sans">Ctrl</kbd>+<kbd className="font-sans">S</kbd> saves
                  </p>
                )}
              </div>
            </div>
          </form>

          <div className="lg:sticky lg:top-6 lg:h-[calc(100dvh-3rem)]">
            <TryIt draft={draft} color={values.color} avatarUrl={avatarPreview} />
          </div>
        </div>
      </div>
    </div>
  );
}

/**
 * While there are unsaved changes: the browser asks before the tab closes or reloads, and in-app
 * links ask first (a client-side navigation fires no beforeunload).
 */
function useLeaveGuard(active: boolean) {
  useEffect(() => {
    if (!active) return;
    let leaving = false;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (leaving) return;
      event.preventDefault();
      event.returnValue = "";
    };
    const click = (event: MouseEvent) => {
      // Modified clicks open another tab; this page stays.
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      // Other sites: beforeunload asks. Same page (a #fragment): nothing is lost.
      if (url.origin !== window.location.origin || (url.pathname === window.location.pathname && url.search === window.location.search)) return;
      if (window.confirm(LEAVE_MESSAGE)) {
        leaving = true;
        return;
      }
      // In the capture phase: React hands the click to Next.js's Link only as it bubbles back up.
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, [active]);
}

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-5 rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-950">
      <div>
        <h2 id={id} className="text-base font-semibold">
          {title}
        </h2>
        <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
      </div>
      {children}
    </section>
  );
}

/** A labelled control with its error right under it and its hint, both read with it. */
function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: (aria: FieldAria) => ReactNode }) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-describedby": describedBy || undefined, "aria-invalid": error ? true : undefined })}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className={`mt-1 ${hintText}`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function Checkbox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="flex items-center gap-3">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} className="size-4 accent-indigo-600" />
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
    </div>
  );
}

/**
 * A textarea as tall as its text (at least `rows`). Measuring shrinks it for a moment, which would
 * make the page scroll jump: the scrolling ancestor's position is put back.
 */
function AutoGrowTextarea(props: TextareaHTMLAttributes<HTMLTextAreaElement> & { value: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const textarea = ref.current;
    if (!textarea) return;
    let scroller = textarea.parentElement;
    while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
    const top = scroller?.scrollTop ?? 0;
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight + textarea.offsetHeight - textarea.clientHeight}px`;
    if (scroller) scroller.scrollTop = top;
  }, [props.value]);
  return <textarea ref={ref} {...props} className={`${props.className ?? ""} resize-none overflow-hidden`} />;
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
  errors: { name?: string; description?: string; parameters?: string };
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

function FilesPicker({
  id,
  options,
  selected,
  hasUploads,
  error,
  onToggle,
}: {
  id: string;
  options: FileOption[];
  selected: string[];
  hasUploads: boolean;
  error?: string;
  onToggle: (id: string, checked: boolean) => void;
}) {
  const full = selected.length >= MAX_ASSISTANT_FILES;
  return (
    <fieldset aria-describedby={`${id}-count${error ? ` ${id}-error` : ""}`}>
      <legend className="sr-only">Default files</legend>
      <p id={`${id}-count`} aria-live="polite" className="mb-3 text-sm text-zinc-600 dark:text-zinc-400">
        {selected.length} of {MAX_ASSISTANT_FILES} files
        {full ? " (the most it can have: untick one to choose another)" : ""}
      </p>
      {!hasUploads ? <p className={`mb-3 ${hintText}`}>You have not uploaded any files yet. Upload some below; files you attach in threads appear here too.</p> : null}
      {options.length > 0 ? (
        <ul className="grid gap-2 sm:grid-cols-2">
          {options.map((file) => {
            const checked = selected.includes(file.id);
            return (
              <li key={file.id}>
                <label className={`flex items-center gap-2 rounded-md border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800 ${!checked && full ? "opacity-50" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"}`}>
                  <input type="checkbox" checked={checked} disabled={!checked && full} onChange={(event) => onToggle(file.id, event.target.checked)} className="size-4 accent-indigo-600" />
                  <span className="min-w-0 truncate">{file.name}</span>
                </label>
              </li>
            );
          })}
        </ul>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-2 text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
