import { describe, expect, it } from "vitest";
import { escapeHtml, html, link, SafeHtml, safeHref } from "./html.ts";

describe("html templates", () => {
  it("escapes every interpolated text value, in text and in attributes", () => {
    const title = `<script>alert("x")</script> & 'quotes'`;
    const out = html`<p title="${title}">${title}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
    expect(escapeHtml("a&b")).toBe("a&amp;b");
  });

  it("nests templates unescaped, escapes array items, drops null/undefined/false", () => {
    const items = ["<a>", html`<i>${"<b>"}</i>`];
    expect(html`<ul>${items}${null}${undefined}${false}${0}</ul>`.value).toBe(
      "<ul>&lt;a&gt;<i>&lt;b&gt;</i>0</ul>",
    );
    expect(html`${new SafeHtml("<br>")}`.value).toBe("<br>");
  });

  it("links only http(s) URLs, with no referrer and no opener", () => {
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("data:text/html,<b>")).toBeNull();
    expect(safeHref("not a url")).toBeNull();
    expect(link("javascript:alert(1)", "x").value).toBe("<span>x</span>");
    const a = link('https://example.com/a?q="><script>', "<T>").value;
    expect(a).toContain('href="https://example.com/a?q=%22%3E%3Cscript%3E"');
    expect(a).toContain('rel="noopener noreferrer nofollow"');
    expect(a).toContain(">&lt;T&gt;</a>");
  });
});
