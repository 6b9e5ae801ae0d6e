import { describe, expect, it } from "vitest";
import { parseDocument } from "./html-document.ts";

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
});
