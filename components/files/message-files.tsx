"use client";

import { useId } from "react";
import { formatBytes, type FileDTO } from "@/lib/files/dto";
import { FileIcon, fileTypeLabel, textNotAvailable } from "./file-chip";

/** A message's files: pictures shown (each opens full size), and every file as a download. */
export function MessageFiles({ files }: { files: FileDTO[] }) {
  const id = useId();
  const images = files.filter((file) => file.isImage);
  return (
    <div className="mt-2 space-y-2">
      {images.length > 0 ? (
        <div className="flex flex-wrap gap-2">
          {images.map((file) => (
            <a
              key={file.id}
              href={`${file.url}?inline=1`}
              target="_blank"
              rel="noopener"
              aria-label={`Open ${file.name} in a new tab`}
              className="block overflow-hidden rounded-md border border-zinc-200 bg-zinc-50 hover:border-indigo-400 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-indigo-500"
            >
              {/* eslint-disable-next-line @next/next/no-img-element -- served by the app with the reader's cookie; no optimiser */}
              <img src={`${file.url}?inline=1`} alt={file.name} loading="lazy" className="block max-h-60 max-w-60 object-contain" />
            </a>
          ))}
        </div>
      ) : null}
      <ul aria-label="Attached files" className="flex flex-wrap gap-2">
        {files.map((file, index) => (
          <li key={file.id} className="max-w-full">
            <a
              href={file.url}
              download
              aria-label={`Download ${file.name}`}
              aria-describedby={`${id}-${index}`}
              title={file.textError ? `${file.name}\n${textNotAvailable(file.textError)}` : file.name}
              className="flex max-w-72 items-center gap-2 rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
            >
              <FileIcon mimeType={file.mimeType} className="h-4 w-4 text-zinc-500 dark:text-zinc-400" />
              <span className="min-w-0 truncate font-medium text-zinc-900 dark:text-zinc-100">{file.name}</span>
              <span id={`${id}-${index}`} className="shrink-0 text-zinc-500 dark:text-zinc-400">
                {formatBytes(file.size)} · {fileTypeLabel(file.mimeType, file.name)}
                {file.textError ? (
                  <>
                    {" "}· text not available<span className="sr-only">: {file.textError}</span>
                  </>
                ) : null}
              </span>
              <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 shrink-0 text-zinc-500 dark:text-zinc-400">
                <path d="M10.75 2.75a.75.75 0 0 0-1.5 0v8.614L6.295 8.235a.75.75 0 1 0-1.09 1.03l4.25 4.5a.75.75 0 0 0 1.09 0l4.25-4.5a.75.75 0 0 0-1.09-1.03l-2.955 3.129V2.75Z" />
                <path d="M3.5 12.75a.75.75 0 0 0-1.5 0v2.5A2.75 2.75 0 0 0 4.75 18h10.5A2.75 2.75 0 0 0 18 15.25v-2.5a.75.75 0 0 0-1.5 0v2.5c0 .69-.56 1.25-1.25 1.25H4.75c-.69 0-1.25-.56-1.25-1.25v-2.5Z" />
              </svg>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
