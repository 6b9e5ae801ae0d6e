import { describe, expect, it } from "vitest";
import { absUrl, arxivQuery } from "../src/providers/arxiv.ts";
import { decodeXml, parseAtomFeed } from "../src/providers/atom.ts";
import { arxivError, arxivFeed } from "./fixtures/provider-answers.ts";

describe("Atom reader (no DOMParser in Workers)", () => {
  it("reads ids, titles, links and categories of arXiv entries", () => {
    const entries = parseAtomFeed(arxivFeed("x", 0));
    expect(entries.map((e) => e.id)).toEqual([
      "http://arxiv.org/abs/1605.08386v1",
      "http://arxiv.org/abs/2104.01234v3",
      "http://arxiv.org/abs/1901.05432v2",
    ]);
    expect(entries[1]?.title).toBe("Momentum & moving averages");
    expect(entries[1]?.primaryCategory).toBe("q-fin.TR");
    expect(entries[2]?.categories).toEqual(["stat.ML", "q-fin.ST"]);
    expect(entries[0]?.links.find((l) => l.title === "pdf")?.type).toBe("application/pdf");
    expect(entries.map(absUrl)).toEqual([
      "https://arxiv.org/abs/1605.08386",
      "https://arxiv.org/abs/2104.01234",
      "https://arxiv.org/abs/1901.05432",
    ]);
  });

  it("reads the error entry, prefixed tags, single quotes and CDATA", () => {
    expect(parseAtomFeed(arxivError)[0]).toMatchObject({
      title: "Error",
      summary: "incorrect id format for abc",
    });
    const xml = `<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:entry>
      <atom:id>http://arxiv.org/abs/math/0601001v2</atom:id><atom:title><![CDATA[A <b> & c]]></atom:title>
      <atom:link rel='alternate' href='https://arxiv.org/abs/math/0601001v2'/></atom:entry></atom:feed>`;
    const [entry] = parseAtomFeed(xml);
    expect(entry?.title).toBe("A <b> & c");
    expect(absUrl(entry!)).toBe("https://arxiv.org/abs/math/0601001");
  });

  it("refuses a non-feed and decodes numeric entities", () => {
    expect(() => parseAtomFeed("<html><body>Access Denied</body></html>")).toThrow(/not an Atom feed/);
    expect(decodeXml("&#x41;&#66;&amp;&unknown;")).toBe("AB&&unknown;");
  });

  it("builds an AND query of meaningful words", () => {
    expect(arxivQuery("Buy when the 50-day MA crosses the 200-day MA")).toBe(
      "all:50 AND all:day AND all:ma AND all:crosses AND all:200",
    );
  });
});
