import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { EMBEDDING_DIM, embedRequestSchema, embedResponseSchema } from "@qp/schema";
import { describe, expect, it } from "vitest";
import { parserEmbed } from "../src/embed-client.ts";
import { resolveStrategy } from "../src/resolver/resolve.ts";
import { findSymbols } from "../src/resolver/rules.ts";

const known = new Set(["SPY", "GOOG", "AAPL"]);

describe("named rules, with the numbers the text gives", () => {
  const cases: Array<[string, string, Record<string, number>]> = [
    ["golden cross", "sma_crossover", { fast: 50, slow: 200 }],
    ["Death Cross sell signal", "sma_crossover", { fast: 50, slow: 200 }],
    ["RSI under 30", "rsi_mean_reversion", { window: 14, lower: 30, upper: 70 }],
    [
      "buy when RSI(7) drops below 25, sell above 80",
      "rsi_mean_reversion",
      { window: 7, lower: 25, upper: 80 },
    ],
    ["MACD 12 26 9", "macd", { fast: 12, slow: 26, signal: 9 }],
    ["MACD crossover", "macd", { fast: 12, slow: 26, signal: 9 }],
    ["bollinger 20 2", "bollinger_bands", { window: 20, k: 2 }],
    ["breakout 20 days", "donchian_breakout", { window: 20, exit_window: 10 }],
    ["55-day channel breakout", "donchian_breakout", { window: 55, exit_window: 28 }],
    ["momentum 12 months", "ts_momentum", { lookback: 252 }],
    ["SMA 10/20 crossover", "sma_crossover", { fast: 10, slow: 20 }],
    ["20 and 100 day exponential moving average crossover", "ema_crossover", { fast: 20, slow: 100 }],
  ];
  for (const [concept, name, params] of cases) {
    it(concept, async () => {
      const r = await resolveStrategy(concept);
      expect(r.strategies[0]).toMatchObject({ name, params, method: "rule" });
      expect(r.strategies[0]!.reason.length).toBeGreaterThan(10);
    });
  }
});

describe("symbols named in the concept", () => {
  it("on SPY, $AAPL, known tickers; not indicator names", () => {
    expect(findSymbols("golden cross on SPY", known)).toEqual(["SPY"]);
    expect(findSymbols("RSI under 30 for $aapl and GOOG", known)).toEqual(["AAPL", "GOOG"]);
    expect(findSymbols("MACD and RSI with SMA", known)).toEqual([]);
    // Either side of a pair, known or not, in the order written (the first is the one a pairs rule trades).
    expect(findSymbols("long KO when the KO/PEP spread is low", known)).toEqual(["KO", "PEP"]);
    expect(findSymbols("hold whichever of GOOG or AAPL", known)).toEqual(["GOOG", "AAPL"]);
    expect(findSymbols("XOM vs CVX spread", known)).toEqual(["XOM", "CVX"]);
    expect(findSymbols("BUY and HOLD SPY, ROC vs ADX", known)).toEqual(["SPY"]);
  });
});

describe("no named rule: closest templates by similarity, and the reason says how", () => {
  it("lexical BM25 fallback when no embedder is configured", async () => {
    const r = await resolveStrategy("buy when prices revert to the mean after a selloff");
    expect(r.strategies[0]!.method).toBe("lexical");
    expect(["rsi_mean_reversion", "bollinger_bands"]).toContain(r.strategies[0]!.name);
    expect(r.strategies[0]!.grid).toBeDefined();
    expect(r.strategies[0]!.reason).toMatch(/BM25 similarity \(lexical fallback/);
    expect(r.notes.join()).toMatch(/no embedding service configured/);
  });
  it("falls back to BM25 and says so when the parser is unreachable", async () => {
    // ("volatility squeeze" is a named rule since issue 14: this phrase names none.)
    const r = await resolveStrategy("trade the standard deviation bands", {
      embed: parserEmbed("http://127.0.0.1:9", { timeoutMs: 1000 }),
    });
    expect(r.strategies[0]!.method).toBe("lexical");
    expect(r.strategies[0]!.name).toBe("bollinger_bands");
    expect(r.notes.join()).toMatch(/embedding service unavailable/);
  });
  it("little in common with any rule: refused with the distance and the closest rules, not a far sweep", async () => {
    // A couple of trading words ("trend", "system") are not a description of a rule.
    const r = await resolveStrategy("a volatility harvesting system for the risk premium");
    expect(r.strategies).toEqual([]);
    expect(r.refused?.reason).toMatch(/far from every rule's description \(closest: .*, BM25 [\d.]+ < 3\)/);
    expect(r.refused?.closest.length).toBe(3);
  });
  it("nothing in common with any rule: refused with the closest rules (issue 14), not a generic sweep", async () => {
    const r = await resolveStrategy("an idea about the phases of the moon");
    expect(r.strategies).toEqual([]);
    expect(r.refused?.reason).toMatch(/shares no trading term/);
    expect(r.refused?.closest.length).toBe(3);
    // Pairs trading is named but no two symbols are: refused, saying why (never a single-symbol rule).
    const pairs = await resolveStrategy("pairs trading cointegration");
    expect(pairs.strategies).toEqual([]);
    expect(pairs.refused?.reason).toMatch(
      /Pairs trading: spread z-score of two symbols needs 2 symbols and the text names none/,
    );
  });
  it("an explicit strategy wins over the text", async () => {
    const r = await resolveStrategy("golden cross", { strategy: { name: "macd" } });
    expect(r.strategies).toEqual([expect.objectContaining({ name: "macd", method: "explicit" })]);
  });
});

describe.skipIf(!process.env.PARSER_URL)(
  "embedding similarity through the parser's POST /embed (PARSER_URL)",
  () => {
    it("ranks by cosine of real embeddings", async () => {
      const r = await resolveStrategy("buy weakness when the asset is oversold", {
        embed: parserEmbed(process.env.PARSER_URL!),
      });
      expect(r.strategies[0]!.method).toBe("embedding");
      expect(r.strategies[0]!.reason).toMatch(/embedding cosine similarity/);
    });
  },
);
if (!process.env.PARSER_URL)
  console.warn("resolver: PARSER_URL unset, so the real-embedding ranking test is skipped");

/** A contract-sized vector that carries `first` so the test can tell the answers apart. */
const vectorOf = (first: number) => [first, ...Array.from({ length: EMBEDDING_DIM - 1 }, () => 1)];

describe("the embed client speaks the parser's /embed contract", () => {
  it("posts {texts} and reads {embeddings}, batching by 64", async () => {
    const calls: number[] = [];
    // A loopback HTTP server answering by the contract's schemas (the real parser is tested in its own suite).
    const server: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const { texts } = embedRequestSchema.parse(JSON.parse(body));
        calls.push(texts.length);
        const answer = embedResponseSchema.parse({
          embeddings: texts.map((t) => vectorOf(t.length)),
          model: "m",
          dim: EMBEDDING_DIM,
        });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const embed = parserEmbed(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const out = await embed(Array.from({ length: 70 }, (_, i) => "x".repeat(i + 1)));
      expect(calls).toEqual([64, 6]);
      expect(out[69]).toEqual(vectorOf(70));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("refuses an answer outside the contract (vectors of another model's size)", async () => {
    const server: Server = createServer((_req, res) => {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ embeddings: [[1, 2]], model: "m", dim: 2 }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const embed = parserEmbed(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      await expect(embed(["a text"])).rejects.toThrow(/outside its contract/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("the concept's stored passages", () => {
  it("supply the rule when the concept names none, most frequent first, and say so", async () => {
    const passages = [
      "The classic signal is the golden cross, when the 50-day average rises above the 200-day.",
      "Many traders also watch RSI under 30 as oversold.",
      "A golden cross on the S&P 500 preceded most bull markets.",
      "Nothing about rules here.",
    ];
    const r = await resolveStrategy("what worked for long-term investors", { passages });
    expect(r.strategies[0]).toMatchObject({
      name: "sma_crossover",
      params: { fast: 50, slow: 200 },
      method: "passages",
    });
    expect(r.strategies[0]!.reason).toMatch(/2 of 4 stored passages/);
    expect(r.strategies[1]!.name).toBe("rsi_mean_reversion");
  });
  it("a rule in the concept itself still wins", async () => {
    const r = await resolveStrategy("MACD 12 26 9", { passages: ["golden cross"] });
    expect(r.strategies[0]!.name).toBe("macd");
  });
});
