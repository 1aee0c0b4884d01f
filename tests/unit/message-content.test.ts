import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MessageContent } from "../../components/messages/message-content";

const render = (content: string) => renderToStaticMarkup(createElement(MessageContent, { content }));

describe("message rendering", () => {
  it("renders GitHub-flavoured Markdown with highlighted code", () => {
    const html = render("**bold** ~~gone~~\n\n| a |\n|---|\n| 1 |\n\n```js\nconst x = 1;\n```");
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<del>gone</del>");
    expect(html).toContain("<table>");
    expect(html).toMatch(/<span class="hljs-keyword">const<\/span>/);
  });

  it("shows raw HTML as text, never as markup, and keeps the words around it", () => {
    const html = render(`<script>alert(1)</script><img src=x onerror="alert(2)"> tail\n\n<b>inline</b> and **bold**`);
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; tail");
    expect(html).toContain("&lt;b&gt;inline&lt;/b&gt; and <strong>bold</strong>");
  });

  it("drops javascript: links", () => {
    const html = render("[click](javascript:alert(1)) and [ok](https://example.com)");
    expect(html).not.toContain("javascript:");
    expect(html).toContain('href="https://example.com"');
  });
});
