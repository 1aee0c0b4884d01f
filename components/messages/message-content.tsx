import Markdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";

/**
 * GitHub-flavoured Markdown with highlighted code. react-markdown builds React elements, skips raw
 * HTML and drops unsafe link protocols (javascript: and the like), so nothing in a message runs.
 */
export function MessageContent({ content }: { content: string }) {
  return (
    <div className="prose-message mt-1 break-words text-sm leading-relaxed">
      <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[[rehypeHighlight, { detect: false }]]} skipHtml>
        {content}
      </Markdown>
    </div>
  );
}
