"use client";

import Link from "next/link";
import { Avatar } from "../avatar";
import { BehaviourSection } from "./behaviour-section";
import { FilesSection } from "./files-section";
import { quietButton } from "./form-controls";
import { IdentitySection } from "./identity-section";
import { NewSecrets } from "./new-secrets";
import { SaveBar } from "./save-bar";
import { ToolsSection } from "./tools-section";
import { TryIt } from "./try-it";
import { useAssistantEditor, type AssistantFormProps } from "./use-assistant-editor";

/** The assistant editor: its settings on the left, Try it (with the unsaved settings) on the right. */
export function AssistantForm(props: AssistantFormProps) {
  const editor = useAssistantEditor(props);
  const { assistant, values, avatarPreview } = editor;
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
          {editor.newSecrets ? (
            <div className="lg:col-span-2">
              <NewSecrets secrets={editor.newSecrets} onDone={editor.secretsCopied} />
            </div>
          ) : null}
          <form ref={editor.formRef} onSubmit={editor.save} onKeyDown={editor.keyDown} noValidate aria-label={assistant ? `Edit ${assistant.name}` : "New assistant"} className="min-w-0 space-y-6">
            <IdentitySection editor={editor} />
            <BehaviourSection editor={editor} />
            <ToolsSection editor={editor} />
            <FilesSection editor={editor} />
            <SaveBar editor={editor} />
          </form>

          <div className="lg:sticky lg:top-6 lg:h-[calc(100dvh-3rem)]">
            <TryIt draft={editor.draft} color={values.color} avatarUrl={avatarPreview} />
          </div>
        </div>
      </div>
    </div>
  );
}
