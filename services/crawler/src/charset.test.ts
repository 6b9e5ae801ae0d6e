import { describe, expect, it } from "vitest";
import { charsetFromContentType, decodeBody, metaCharset } from "./charset.ts";

const latin1 = (text: string) => Buffer.from(text, "latin1");

describe("charset", () => {
  it("uses the Content-Type charset first", () => {
    const decoded = decodeBody(latin1("<p>café</p>"), "text/html; charset=ISO-8859-1", true);
    expect(decoded.text).toBe("<p>café</p>");
    expect(decoded.source).toBe("header");
    expect(decoded.charset).toBe("windows-1252");
  });

  it("falls back to <meta charset> and then UTF-8", () => {
    const cp1251 = Buffer.from([
      0x3c, 0x6d, 0x65, 0x74, 0x61, 0x20, 0x63, 0x68, 0x61, 0x72, 0x73, 0x65, 0x74, 0x3d, 0x22,
    ]);
    const body = Buffer.concat([
      cp1251,
      Buffer.from('windows-1251">'),
      Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]),
    ]);
    expect(metaCharset(body)).toBe("windows-1251");
    expect(decodeBody(body, "text/html", true).text).toContain("Привет");
    expect(decodeBody(Buffer.from("ünïcode"), "text/html", true)).toMatchObject({
      text: "ünïcode",
      source: "default",
    });
  });

  it("survives an unknown label: UTF-8, and says which label it could not use", () => {
    const decoded = decodeBody(Buffer.from("<p>naïve</p>"), "text/html; charset=x-bogus-8", true);
    expect(decoded).toMatchObject({ text: "<p>naïve</p>", charset: "utf-8", unknownLabel: "x-bogus-8" });
  });

  it("lets a byte-order mark win", () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("é")]);
    expect(decodeBody(body, "text/plain; charset=iso-8859-1", false)).toMatchObject({
      text: "é",
      source: "bom",
    });
  });

  it("parses charset parameters", () => {
    expect(charsetFromContentType('text/html; charset="UTF-8"')).toBe("utf-8");
    expect(charsetFromContentType("text/html")).toBeUndefined();
  });
});
