import Markdown from "react-markdown";
import remarkGfm from "remark-gfm";

/**
 * GitHub-flavoured Markdown. react-markdown builds React elements and never renders raw HTML
 * from the text, so nothing in a message can run script.
 */
export function MessageContent({ content }: { content: string }) {
  return (
    <div className="prose-message mt-1 break-words text-sm leading-relaxed">
      <Markdown remarkPlugins={[remarkGfm]} skipHtml>
        {content}
      </Markdown>
    </div>
  );
}
