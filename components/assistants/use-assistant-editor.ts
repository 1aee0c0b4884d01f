"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, useTransition, type FormEvent, type KeyboardEvent } from "react";
import { createAssistantAction, updateAssistantAction } from "@/app/(app)/assistants/actions";
import type { AssistantDTO } from "@/lib/assistants/dto";
import { MAX_ASSISTANT_FILES } from "@/lib/assistants/schema";
import type { NewWebhookSecret } from "@/lib/tools";
import { useAttachments } from "../files/use-attachments";
import {
  buildInput,
  formStateFrom,
  FUNCTION_PARTS,
  functionField,
  handleFromName,
  liveErrors,
  localFieldErrors,
  mapFieldErrors,
  newFunction,
  OUTPUT_PARTS,
  sameValues,
  tryDraft,
  type FormState,
  type FunctionDraft,
  type FunctionPart,
} from "./form-state";
import { useLeaveGuard } from "./use-leave-guard";

export type FileOption = { id: string; name: string };
export type AssistantFormProps = { files: FileOption[] } & ({ mode: "create"; assistant?: undefined } | { mode: "edit"; assistant: AssistantDTO });
/** The editor's state and what can be done with it, shared by its sections. */
export type AssistantEditor = ReturnType<typeof useAssistantEditor>;

/**
 * The assistant editor's state: the values as edited and as last saved, errors (live, and from the
 * last save) by field, saving with a stale-version check, uploads that join the assistant's files.
 */
export function useAssistantEditor({ mode, assistant, files }: AssistantFormProps) {
  const router = useRouter();
  const formId = useId();
  const fieldId = (name: string) => `${formId}-${name}`;
  const formRef = useRef<HTMLFormElement>(null);
  const addFunctionRef = useRef<HTMLButtonElement>(null);

  const [values, setValues] = useState(() => formStateFrom(assistant));
  // The values last saved (or loaded): what "unsaved changes" compares against.
  const [saved, setSaved] = useState(() => formStateFrom(assistant));
  const [expectedUpdatedAt, setExpectedUpdatedAt] = useState(assistant?.updatedAt);
  // Errors from the last save attempt, by field; each goes when its field is edited.
  const [submitErrors, setSubmitErrors] = useState<Record<string, string>>({});
  // `summary`: it only points at field errors, so it goes when they have all been edited away.
  const [formError, setFormError] = useState<{ text: string; stale: boolean; summary: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  // Signing secrets the last save made, shown once; and where to go once they are copied.
  const [newSecrets, setNewSecrets] = useState<{ secrets: NewWebhookSecret[]; then?: string } | null>(null);
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
    clearErrors(Object.keys(patch).flatMap((part) => (part === "output" ? OUTPUT_PARTS : [part as FunctionPart]).map((field) => functionField(key, field))));
  }

  function addFunction() {
    const fn = newFunction(values.functions);
    setValues((current) => ({ ...current, functions: [...current.functions, fn] }));
    setFocusRequest({ id: fieldId(`fn-${fn.key}-name`) });
  }

  function removeFunction(key: string) {
    setValues((current) => ({ ...current, functions: current.functions.filter((fn) => fn.key !== key) }));
    clearErrors(FUNCTION_PARTS.map((part) => functionField(key, part)));
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
        const edit = `/assistants/${result.data.id}/edit`;
        if (result.data.newSecrets.length) setNewSecrets({ secrets: result.data.newSecrets, then: edit });
        else router.push(edit);
        return;
      }
      if (result.data.newSecrets.length) setNewSecrets({ secrets: result.data.newSecrets });
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

  function secretsCopied() {
    const then = newSecrets?.then;
    setNewSecrets(null);
    if (then) router.push(then);
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

  return {
    mode,
    assistant,
    newSecrets: newSecrets?.secrets ?? null,
    secretsCopied,
    formRef,
    fieldId,
    values,
    errorFor,
    change,
    changeName,
    changeFunction,
    addFunction,
    addFunctionRef,
    removeFunction,
    toggleFile,
    uploads,
    hasUploads: files.length + uploadedHere.length > 0,
    fileOptions,
    save,
    saving,
    keyDown,
    reload,
    reloading,
    discard,
    dirty,
    justSaved,
    status,
    hasLiveErrors,
    formError,
    submitErrors,
    draft,
    avatarPreview,
  };
}
