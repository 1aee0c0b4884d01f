"use client";

import { useId, useLayoutEffect, useRef, type ReactNode, type TextareaHTMLAttributes } from "react";

// The building blocks of the assistant editor: sections, labelled fields, and their styles.

export type FieldAria = { id: string; "aria-describedby"?: string; "aria-invalid"?: true };

export const control =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm placeholder:text-zinc-400 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-500 dark:aria-[invalid=true]:border-red-400";
export const quietButton = "rounded-md px-2.5 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800";
export const hintText = "text-xs text-zinc-500 dark:text-zinc-400";

export function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
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
export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: (aria: FieldAria) => ReactNode }) {
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

export function Checkbox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
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
export function AutoGrowTextarea(props: TextareaHTMLAttributes<HTMLTextAreaElement> & { value: string }) {
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
