import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../html-document.ts";
import { MAX_DEPTH, parseLeanDocument } from "./document.ts";
import type { LeanElement } from "./nodes.ts";

const PAGES_DIR = join(import.meta.dirname, "../../../../tests/fixtures/web-pages");
const pages = readdirSync(PAGES_DIR)
  .filter((name) => !name.endsWith(".md"))
  .sort();

/** Depth-first tag names of a DOM (linkedom's or ours), with the text length of each element. */
function outline(root: { children: ArrayLike<unknown> }): string[] {
  const lines: string[] = [];
  const walk = (node: { tagName: string; textContent: string | null; children: ArrayLike<unknown> }) => {
    lines.push(`${node.tagName}:${node.textContent?.length}`);
    for (const child of Array.from(node.children)) walk(child as typeof node);
  };
  for (const child of Array.from(root.children)) walk(child as Parameters<typeof walk>[0]);
  return lines;
}

describe("lean DOM", () => {
  it.each(pages)("%s: the same tree and text as linkedom", (name) => {
    const html = readFileSync(join(PAGES_DIR, name, "source.html"), "utf8");
    const lean = parseLeanDocument(html);
    const linkedom = parseDocument(html);
    expect(lean.title).toBe(linkedom.title);
    expect(outline(lean)).toEqual(outline(linkedom));
  });

  it("builds <html>, <head> and <body> for markup that omits them", () => {
    const document = parseLeanDocument("<title>T</title><meta charset=utf-8><p>one</p>two");
    expect(document.documentElement?.tagName).toBe("HTML");
    expect(document.title).toBe("T");
    expect(document.head?.getElementsByTagName("meta")).toHaveLength(1);
    expect(document.body?.textContent).toBe("onetwo");
  });

  it("keeps its cached text and child lists true through every kind of mutation", () => {
    const document = parseLeanDocument(
      "<body><div id=a><p id=b>one <b>two</b></p><p id=c>three</p></div></body>",
    );
    const [a, b, c] = ["a", "b", "c"].map(
      (id) => document.getElementsByTagName("*").find((element) => element.id === id) as LeanElement,
    ) as [LeanElement, LeanElement, LeanElement];
    expect(a.textContent).toBe("one twothree");
    expect(a.trimmedText(true)).toBe("one twothree");
    expect(a.children).toEqual([b, c]);
    b.appendChild(document.createTextNode("  and   more"));
    expect(a.textContent).toBe("one two  and   morethree");
    expect(a.trimmedText(true)).toBe("one two and morethree");
    c.remove();
    expect(a.textContent).toBe("one two  and   more");
    expect(a.children).toEqual([b]);
    const span = document.createElement("span");
    span.textContent = "new";
    a.replaceChild(span, b);
    expect(a.textContent).toBe("new");
    expect(a.childNodes).toEqual([span]);
    expect(b.parentNode).toBeNull();
    a.insertBefore(b, span);
    expect(a.textContent).toBe("one two  and   morenew");
    expect(b.nextElementSibling).toBe(span);
    expect(span.previousElementSibling).toBe(b);
  });

  it("answers the attribute, style and selector questions Readability asks", () => {
    const document = parseLeanDocument(
      '<body><div class="x y" id=i style="color: red; DISPLAY : none" data-Case="v"><h1>a</h1><h2>b</h2><h1>c</h1></div></body>',
    );
    const div = document.getElementsByTagName("div")[0] as LeanElement;
    expect([div.className, div.id, div.getAttribute("data-Case"), div.getAttribute("nope")]).toEqual([
      "x y",
      "i",
      "v",
      null,
    ]);
    expect(div.style.display).toBe("none");
    expect(div.style.visibility).toBe("");
    expect(div.querySelectorAll("h1,h2").map((h) => h.textContent)).toEqual(["a", "b", "c"]);
    expect(() => div.querySelectorAll("div > p")).toThrow(/unsupported selector/);
    div.removeAttribute("style");
    expect(div.hasAttribute("style")).toBe(false);
    expect(div.attributes.map((a) => a.name)).toEqual(["class", "id", "data-Case"]);
  });

  it("serialises and parses innerHTML", () => {
    const document = parseLeanDocument(
      '<body><div><img src="a.png" alt="x &quot;y&quot;"><p>1 &lt; 2</p></div></body>',
    );
    const div = document.getElementsByTagName("div")[0] as LeanElement;
    expect(div.innerHTML).toBe('<img src="a.png" alt="x &quot;y&quot;"><p>1 &lt; 2</p>');
    div.innerHTML = "<span>new</span> text";
    expect(div.textContent).toBe("new text");
    expect(div.children[0]?.tagName).toBe("SPAN");
  });

  it("upper-cases every element name, SVG's too, as linkedom does", () => {
    const document = parseLeanDocument("<body><svg><path d=M0></path></svg><p>x</p></body>");
    expect(document.getElementsByTagName("*").map((element) => element.tagName)).toEqual([
      "HTML",
      "HEAD",
      "BODY",
      "SVG",
      "PATH",
      "P",
    ]);
  });

  it(`flattens nesting past ${MAX_DEPTH} levels, keeping every element and all the text`, () => {
    const levels = 5000;
    const document = parseLeanDocument(
      `${"<div>".repeat(levels)}deep text${"</div>".repeat(levels)}<p>after</p>`,
    );
    expect(document.flattened).toBe(true);
    expect(document.getElementsByTagName("div")).toHaveLength(levels);
    expect(document.body?.textContent).toBe("deep textafter");
    let depth = 0;
    for (
      let node = document.getElementsByTagName("div").at(-1) as LeanElement | null;
      node;
      node = node.parentElement
    )
      depth++;
    // The limit counts from the top of the markup; <html> and <body> were added around it, and the element itself.
    expect(depth).toBe(MAX_DEPTH + 3);
    expect(parseLeanDocument("<div><div>x</div></div>").flattened).toBe(false);
  });
});
