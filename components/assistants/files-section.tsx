"use client";

import { useRef } from "react";
import { MAX_ASSISTANT_FILES } from "@/lib/assistants/schema";
import { AttachmentList } from "../files/attachment-list";
import { hintText, Section } from "./form-controls";
import type { AssistantEditor, FileOption } from "./use-assistant-editor";

/** The files the assistant has in every thread: ticked from the person's uploads, or uploaded here. */
export function FilesSection({ editor }: { editor: AssistantEditor }) {
  const { fieldId, uploads } = editor;
  const uploadInputRef = useRef<HTMLInputElement>(null);
  return (
    <Section title="Default files" description="Files it has in every thread, from those you uploaded.">
      <FilesPicker
        id={fieldId("files")}
        options={editor.fileOptions}
        selected={editor.values.fileIds}
        hasUploads={editor.hasUploads}
        error={editor.errorFor("fileIds")}
        onToggle={editor.toggleFile}
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
        <AttachmentList label="Uploads" items={uploads.items} afterRemove={() => uploadInputRef.current?.focus()} />
      </div>
    </Section>
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
