"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { RunOverrides } from "@/lib/runs/dto";

const TOOL_CHOICES = [
  { type: "retrieval", label: "Retrieval over files" },
  { type: "code_interpreter", label: "Code interpreter" },
] as const;

async function fetchModels(): Promise<{ demo: boolean; models: string[] }> {
  const response = await fetch("/api/models");
  return response.ok ? ((await response.json()) as { demo: boolean; models: string[] }) : { demo: false, models: [] };
}

const field = "block w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** Overrides for the runs the next message starts: model, instructions, tools and files. */
export function RunOptions({
  value,
  onChange,
  files,
}: {
  value: RunOverrides;
  onChange: (value: RunOverrides) => void;
  files: { id: string; name: string }[];
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const models = useQuery({ queryKey: ["models"], queryFn: fetchModels, enabled: open, staleTime: 60_000 });
  const count = Object.keys(value).length;
  const set = (patch: Partial<RunOverrides>) => {
    const next = { ...value, ...patch };
    for (const key of Object.keys(next) as (keyof RunOverrides)[]) if (next[key] === undefined || next[key] === "") delete next[key];
    onChange(next);
  };
  const toolTypes = value.tools?.map((tool) => (tool as { type: string }).type);

  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((current) => !current)}
        className={`rounded-md px-2 py-1 text-xs ${count ? "bg-indigo-50 font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"}`}
      >
        Run options{count ? ` (${count} set)` : ""}
      </button>
      {open ? (
        <div
          id={`${id}-panel`}
          role="group"
          aria-label="Run options for the next message"
          className="absolute bottom-full left-0 z-20 mb-2 w-80 space-y-3 rounded-lg border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          onKeyDown={(event) => event.key === "Escape" && setOpen(false)}
        >
          <p className="text-xs text-zinc-500">For the assistants your next message mentions. Empty fields use each assistant&apos;s own settings.</p>
          <div>
            <label htmlFor={`${id}-model`} className="mb-1 block text-xs font-medium">
              Model
            </label>
            <input id={`${id}-model`} list={`${id}-models`} value={value.model ?? ""} placeholder="The assistant's model" onChange={(event) => set({ model: event.target.value })} className={field} />
            <datalist id={`${id}-models`}>
              {models.data?.models.map((model) => <option key={model} value={model} />)}
            </datalist>
            {models.data?.demo ? <p className="mt-1 text-xs text-amber-700 dark:text-amber-300">No provider is configured: the demo model answers.</p> : null}
          </div>
          <div>
            <label htmlFor={`${id}-instructions`} className="mb-1 block text-xs font-medium">
              Instructions
            </label>
            <textarea id={`${id}-instructions`} rows={3} value={value.instructions ?? ""} placeholder="The assistant's instructions" onChange={(event) => set({ instructions: event.target.value })} className={field} />
          </div>
          <fieldset>
            <legend className="mb-1 text-xs font-medium">Tools</legend>
            <label className="flex items-center gap-2 text-xs">
              <input type="checkbox" checked={value.tools !== undefined} onChange={(event) => set({ tools: event.target.checked ? [] : undefined })} />
              Override the assistant&apos;s tools
            </label>
            {toolTypes
              ? TOOL_CHOICES.map((tool) => (
                  <label key={tool.type} className="ml-5 flex items-center gap-2 text-xs">
                    <input
                      type="checkbox"
                      checked={toolTypes.includes(tool.type)}
                      onChange={(event) =>
                        set({ tools: event.target.checked ? [...(value.tools ?? []), { type: tool.type }] : value.tools?.filter((t) => (t as { type: string }).type !== tool.type) })
                      }
                    />
                    {tool.label}
                  </label>
                ))
              : null}
          </fieldset>
          <fieldset>
            <legend className="mb-1 text-xs font-medium">Files</legend>
            <label className="flex items-center gap-2 text-xs">
              <input type="checkbox" checked={value.fileIds !== undefined} onChange={(event) => set({ fileIds: event.target.checked ? [] : undefined })} />
              Use these files instead of the assistant&apos;s
            </label>
            {value.fileIds !== undefined ? (
              files.length === 0 ? (
                <p className="ml-5 text-xs text-zinc-500">You have not uploaded any files yet.</p>
              ) : (
                files.map((file) => (
                  <label key={file.id} className="ml-5 flex items-center gap-2 text-xs">
                    <input
                      type="checkbox"
                      checked={value.fileIds!.includes(file.id)}
                      onChange={(event) => set({ fileIds: event.target.checked ? [...value.fileIds!, file.id] : value.fileIds!.filter((fileId) => fileId !== file.id) })}
                    />
                    <span className="truncate">{file.name}</span>
                  </label>
                ))
              )
            ) : null}
          </fieldset>
          <div className="flex justify-between">
            <button type="button" onClick={() => onChange({})} className="rounded px-2 py-1 text-xs hover:bg-zinc-100 dark:hover:bg-zinc-800">
              Clear options
            </button>
            <button type="button" onClick={() => setOpen(false)} className="rounded bg-indigo-600 px-2 py-1 text-xs font-semibold text-white hover:bg-indigo-500">
              Done
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
