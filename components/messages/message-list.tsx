import type { MessageView } from "@/lib/messages";
import { Avatar } from "../avatar";
import { MessageContent } from "./message-content";

const timeFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

function Author({ message }: { message: MessageView }) {
  if (message.authorAssistant) {
    const assistant = message.authorAssistant;
    return (
      <>
        <span className="font-semibold">{assistant.name}</span>
        <span className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">assistant</span>
      </>
    );
  }
  return <span className="font-semibold">{message.authorUser?.name ?? "Deleted user"}</span>;
}

export function MessageList({ messages }: { messages: MessageView[] }) {
  if (messages.length === 0) {
    return <p className="p-8 text-center text-sm text-zinc-500">No messages yet. Say hello!</p>;
  }
  return (
    <ol aria-label="Messages" className="space-y-4 p-4 md:p-6">
      {messages.map((message) => {
        const name = message.authorAssistant?.name ?? message.authorUser?.name ?? "Deleted user";
        return (
          <li key={message.id} className="flex gap-3" aria-label={`Message from ${name}`}>
            <Avatar
              name={name}
              image={message.authorAssistant?.avatarUrl ?? message.authorUser?.image}
              color={message.authorAssistant?.color}
            />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-baseline gap-2 text-sm">
                <Author message={message} />
                <time dateTime={message.createdAt.toISOString()} className="text-xs text-zinc-500">
                  {timeFormat.format(message.createdAt)}
                </time>
                {message.editedAt && !message.deletedAt ? <span className="text-xs text-zinc-500">(edited)</span> : null}
              </div>
              {message.deletedAt ? (
                <p className="mt-1 text-sm italic text-zinc-500">This message was deleted.</p>
              ) : (
                <MessageContent content={message.content} />
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
