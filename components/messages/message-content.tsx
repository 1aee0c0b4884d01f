import type { Nodes, Parent, Root } from "mdast";
import Markdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";

// Raw HTML in a message is shown as the text it is. Skipping it instead would drop every word of a
// line that merely starts with a tag (CommonMark makes the whole line one HTML block).
function htmlAsText(node: Parent): void {
  node.children = node.children.map((child: Nodes) => {
    if (child.type === "html") {
      const text = { type: "text" as const, value: child.value };
      return ["root", "blockquote", "listItem"].includes(node.type) ? { type: "paragraph" as const, children: [text] } : text;
    }
    if ("children" in child) htmlAsText(child);
    return child;
  }) as Parent["children"];
}

const remarkHtmlAsText = () => (tree: Root) => htmlAsText(tree);

/**
 * GitHub-flavoured Markdown with highlighted code. react-markdown builds React elements (escaping
 * all text) and drops unsafe link protocols such as javascript:, so nothing in a message runs.
 */
export function MessageContent({ content }: { content: string }) {
  return (
    <div className="prose-message mt-1 break-words text-sm leading-relaxed">
      <Markdown remarkPlugins={[remarkGfm, remarkHtmlAsText]} rehypePlugins={[[rehypeHighlight, { detect: false }]]}>
        {content}
      </Markdown>
    </div>
  );
}
