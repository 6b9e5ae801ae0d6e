import { describe, expect, it } from "vitest";
import { ContentError, cleanText } from "../src/clean.ts";

describe("cleanText", () => {
  it("normalises whitespace, strips control and zero-width characters, keeps paragraphs", () => {
    const raw = "  Golden\u00A0 cross\t\tsignals.\r\n\r\n\r\nSecond\u200B para\u0007graph.  \n  ";
    expect(cleanText(raw)).toBe("Golden cross signals.\nSecond para graph.");
  });

  it("composes to NFC so equal text has equal tokens", () => {
    expect(cleanText("Cafe\u0301")).toBe("Caf\u00e9");
  });

  it.each([
    ["empty", ""],
    ["whitespace only", " \n\t\u00A0 \r\n "],
    ["zero-width only", "\u200B\u200B\uFEFF"],
  ])("rejects %s content as empty_content (422)", (_, raw) => {
    expect(() => cleanText(raw)).toThrow(ContentError);
    try {
      cleanText(raw);
    } catch (error) {
      expect((error as ContentError).code).toBe("empty_content");
      expect((error as ContentError).status).toBe(422);
    }
  });

  it("rejects binary garbage", () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, index) => (index * 2654435761) % 256);
    const decoded = new TextDecoder("latin1").decode(bytes);
    expect(() => cleanText(decoded)).toThrow(/binary/);
  });

  it("rejects text decoded from invalid UTF-8 (many U+FFFD) and lone surrogates", () => {
    const invalid = new TextDecoder().decode(
      Uint8Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0xc3 : 0xff)),
    );
    expect(() => cleanText(invalid)).toThrow(expect.objectContaining({ code: "invalid_utf8" }));
    expect(() => cleanText("fine text \uD800 then more")).toThrow(
      expect.objectContaining({ code: "invalid_utf8" }),
    );
  });

  it("lets a real page with a stray control character or replacement character through", () => {
    const page = `${"Moving averages smooth prices. ".repeat(50)}\u0001 one odd byte \uFFFD here.`;
    expect(cleanText(page)).toContain("one odd byte \uFFFD here.");
  });
});
