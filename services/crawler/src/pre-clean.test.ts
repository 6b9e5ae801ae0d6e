import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "./html-document.ts";
import { stripInert } from "./pre-clean.ts";

const PAGES_DIR = join(import.meta.dirname, "../../../tests/fixtures/web-pages");
const pages = readdirSync(PAGES_DIR)
  .filter((name) => !name.endsWith(".md"))
  .sort();

const isJsonLd = (element: Element) => /ld\+json/i.test(element.getAttribute("type") ?? "");

/**
 * The document as Readability sees it once it has removed comments, styles and scripts (JSON-LD read first):
 * every element with its attributes, and the text between them. Text around a removed node runs together, as
 * it does when the node is cut from the markup.
 */
function shape(html: string): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out.push(node.nodeValue ?? "");
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9) return;
    if (node.nodeType === 1) {
      const element = node as Element;
      const name = element.tagName;
      if (name === "STYLE" || (name === "SCRIPT" && !isJsonLd(element))) return;
      const attributes = Array.from(element.attributes, (a) => `${a.name}=${JSON.stringify(a.value)}`);
      out.push(`<${name} ${attributes.join(" ")}>`);
    }
    for (let child = node.firstChild; child; child = child.nextSibling) walk(child);
    if (node.nodeType === 1) out.push(`</${(node as Element).tagName}>`);
  };
  walk(parseDocument(html));
  return out.join("");
}

/** Same DOM as the original once the inert nodes are gone. */
const expectSameShape = (html: string) => expect(shape(stripInert(html))).toBe(shape(html));

describe("stripInert: comments, styles and scripts dropped before the DOM is built", () => {
  it.each(pages)("%s: the same document without them, and smaller", (name) => {
    const html = readFileSync(join(PAGES_DIR, name, "source.html"), "utf8");
    const stripped = stripInert(html);
    expect(shape(stripped)).toBe(shape(html));
    if (/<script(?![^>]*ld\+json)[\s>]|<style[\s>]|<!--/i.test(html)) {
      expect(stripped.length).toBeLessThan(html.length);
    }
    // What Readability reads from scripts survives: the JSON-LD blocks.
    const jsonLd = (source: string) =>
      Array.from(parseDocument(source).querySelectorAll("script"))
        .filter(isJsonLd)
        .map((script) => script.textContent);
    expect(jsonLd(stripped)).toEqual(jsonLd(html));
  });

  it("drops comments, styles and scripts, keeps JSON-LD and everything else byte for byte", () => {
    const html =
      '<html><head><title>T</title><style>p{}</style><script type="application/ld+json">{"a":1}</script>' +
      "<script>var a = '</div>';</script></head><body><!-- c --><p>a<script>x()</script>b</p></body></html>";
    expect(stripInert(html)).toBe(
      '<html><head><title>T</title><script type="application/ld+json">{"a":1}</script>' +
        "</head><body><p>ab</p></body></html>",
    );
    expect(stripInert("<p>plain</p>")).toBe("<p>plain</p>");
  });

  it("leaves a <script> inside an attribute value alone", () => {
    const html = `<p title="<script>alert(1)</script>">a</p><p data-x='</script><style>'>b</p><script>c</script>`;
    expect(stripInert(html)).toBe(
      `<p title="<script>alert(1)</script>">a</p><p data-x='</script><style>'>b</p>`,
    );
    expectSameShape(html);
  });

  it("treats an unclosed script or comment as running to the end, as the parser does", () => {
    expect(stripInert("<p>a</p><script>var x = '<p>not markup</p>'")).toBe("<p>a</p>");
    expect(stripInert("<p>a</p><!-- <p>b</p>")).toBe("<p>a</p>");
    expectSameShape("<body><p>a</p><script>var x = '<p>not markup</p>'");
    expectSameShape("<body><p>a</p><!-- <p>b</p>");
  });

  it("ends scripts only where htmlparser2 does", () => {
    const cases = [
      "<script>a</scripts><p>still script</p></script><p>after</p>",
      "<SCRIPT>a</SCRIPT ><p>after</p>",
      "<script>a</script\n foo><p>after</p>",
      "<script>a<</script><p>after</p>",
      "<script>a</script/><p>still script</p></script><p>after</p>",
      "<scripts>text</scripts><script>x</script>",
      "<script/><p>kept: a self-closed script stays open</p></script><p>after</p>",
      "<script / ><p>also kept</p></script><p>after</p>",
    ];
    for (const html of cases) expectSameShape(`<body>${html}</body>`);
    expect(stripInert("<script>a</scripts><p>x</p></script><p>after</p>")).toBe("<p>after</p>");
    expect(stripInert("<script/><p>kept</p>")).toBe("<script/><p>kept</p>");
  });

  it("steps over raw text, comments-like and odd tags without misreading them", () => {
    const cases = [
      "<title><!-- not a comment --><script>not a script</script></title><p>a</p>",
      "<textarea><script>x</script></textarea><p>a</p>",
      "<xmp><style>x</style></xmp><p>a</p>",
      "<p>a<!-->b<!--->c<!---->d<!-- - -- --->e</p>",
      "<p>a<![CDATA[<script>x</script>]]>b<script>y</script></p>",
      "<!DOCTYPE html><?xml version='1.0'?><p>a</p><script>x</script>",
      "<p>1 < 2 <3 </ p> </3> a<b</p><script>x</script>",
      '<a href=x>y</a><a b=c="x>">z</a><script>x</script>',
      "<a =\"x>\" / =' >'>q</a><script>x</script>",
      "<svg><style>.a{}</style><script>x</script><title>t</title></svg><p>a</p>",
      "<p>a\u001c/script>b</p><script>x</script>",
    ];
    for (const html of cases) expectSameShape(`<body>${html}</body>`);
  });

  it("copes with a huge attribute and a tag cut off at the end", () => {
    const huge = `<img src="data:image/png;base64,${"A>".repeat(500_000)}"><script>x</script><p>after</p>`;
    expect(stripInert(huge)).toBe(huge.replace("<script>x</script>", ""));
    expectSameShape(`<body>${huge}</body>`);
    const cut = '<p>a</p><script>x</script><a href="never closed><script>y</script>';
    expect(stripInert(cut)).toBe('<p>a</p><a href="never closed><script>y</script>');
  });
});
