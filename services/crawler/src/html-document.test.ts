import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "./html-document.ts";

const PAGES_DIR = join(import.meta.dirname, "../../../tests/fixtures/web-pages");
const FIXTURE_NAMES = readdirSync(PAGES_DIR).filter((name) => !name.endsWith(".md"));

describe("parseDocument (linkedom, patched)", () => {
  it("builds <html>, <head> and <body> for markup that omits them", () => {
    const document = parseDocument("<title>T</title><meta charset=utf-8><p>one</p>two");
    expect(document.documentElement.tagName).toBe("HTML");
    expect(document.title).toBe("T");
    expect(document.head.querySelector("meta")).not.toBeNull();
    expect(document.body.textContent).toBe("onetwo");
  });

  it("leaves a well-formed document as it is", () => {
    const html = '<!DOCTYPE html><html lang="en"><head><title>T</title></head><body><p>x</p></body></html>';
    expect(parseDocument(html).toString()).toBe(html);
  });

  it("still delivers DOM events after the lazy-listener patch (patches/linkedom@0.18.15.patch)", () => {
    const document = parseDocument("<html><body><div id=a><p id=b>x</p></div></body></html>");
    const seen: string[] = [];
    const outer = document.getElementById("a");
    const inner = document.getElementById("b");
    const view = document.defaultView;
    if (!outer || !inner || !view) throw new Error("elements or window missing");
    const listener = (event: Event) => seen.push(`${event.type}@${(event.currentTarget as Element).id}`);
    outer.addEventListener("ping", listener);
    inner.addEventListener("ping", listener);
    inner.dispatchEvent(new view.Event("ping", { bubbles: true }));
    inner.removeEventListener("ping", listener);
    outer.removeEventListener("ping", listener);
    document.body.removeEventListener("never-added", listener);
    inner.dispatchEvent(new view.Event("ping", { bubbles: true }));
    expect(seen).toEqual(["ping@b", "ping@a"]);
  });

  // The patch matches selectors made only of tag names by comparing names; `:is(...)` is not a plain tag list,
  // so it still goes through css-select and serves as the reference: same elements, same order.
  it.each(FIXTURE_NAMES)(
    "%s: tag-list selectors match what css-select matches (patched querySelectorAll)",
    (name) => {
      const document = parseDocument(readFileSync(join(PAGES_DIR, name, "source.html"), "utf8"));
      for (const tags of ["p", "h1, h2", "object,embed,iframe", "IMG, Picture, figure", "script,noscript"]) {
        const fast = Array.from(document.querySelectorAll(tags));
        const reference = Array.from(document.querySelectorAll(`:is(${tags})`));
        expect(fast.length).toBe(reference.length);
        expect(fast.every((element, i) => element === reference[i])).toBe(true);
        const body = document.body;
        expect(Array.from(body.querySelectorAll(tags))).toEqual(
          Array.from(body.querySelectorAll(`:is(${tags})`)),
        );
        expect(document.querySelector(tags)).toBe(document.querySelector(`:is(${tags})`));
      }
      // getElementsByTagName keeps matching names case-insensitively in an HTML document.
      expect(document.getElementsByTagName("P").length).toBe(document.getElementsByTagName("p").length);
    },
  );

  it("reads style properties after the patch: absent attribute, set, changed and removed", () => {
    const document = parseDocument(
      '<html><body><div style="display:none; font-size: 2px">a</div><p>b</p></body></html>',
    );
    const div = document.querySelector("div") as HTMLElement;
    const p = document.querySelector("p") as HTMLElement;
    expect([div.style.display, div.style.fontSize, div.style.length]).toEqual(["none", "2px", 2]);
    expect([p.style.display, p.style.length]).toEqual(["", 0]);
    p.style.color = "red";
    expect(p.getAttribute("style")).toBe("color:red");
    p.removeAttribute("style");
    expect(p.style.color).toBe("");
    div.setAttribute("style", "visibility: hidden");
    expect([div.style.visibility, div.style.display]).toEqual(["hidden", ""]);
  });
});
