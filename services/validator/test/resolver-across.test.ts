import { describe, expect, it } from "vitest";
import { readRule } from "../src/resolver/reading/read-rule.ts";
import { resolveStrategy } from "../src/resolver/resolve.ts";
import { compileRule } from "../src/rules/compile.ts";
import { firstOf } from "./resolver-helpers.ts";

/**
 * Rules across two symbols (pairs, dual momentum and its rotation) with a condition from another indicator family:
 * refused like the single-symbol rules (reading/combined.ts), the suggested rule text bound to the tickers named.
 */
describe("a rule across two symbols with an extra condition is refused, not run without it", () => {
  const refusal = (text: string) => {
    const m = readRule(text);
    expect(m, text).toMatchObject({ kind: "unsupported" });
    const reason = m?.kind === "unsupported" ? m.reason : "";
    const rule = /entry "([^"]+)", exit "([^"]+)"/.exec(reason);
    expect(rule, text).not.toBeNull();
    const compiled = compileRule(rule![1]!, rule![2]!);
    return { reason, closest: m?.kind === "unsupported" ? m.closest : undefined, compiled };
  };

  it("dual momentum with an RSI level, however the pair is joined", () => {
    for (const text of [
      "dual momentum SPY EFA with RSI above 50",
      "Antonacci dual momentum on SPY versus EFA, RSI above 50",
      "dual mom SPY/EFA but only while rsi(10) is over 55",
      "dual momentum SPY vs. EFA RSI above 50",
      "dual momentum between SPY and EFA, but only buy when RSI(14) > 50",
      "hold whichever of QQQ and TLT has the stronger 6 month return, only when RSI(14) stays above 60",
    ]) {
      const r = refusal(text);
      expect(r.closest?.[0], text).toBe("dual_momentum");
      expect(r.reason, text).toMatch(/roc\(close\((SPY|QQQ)\), \d+\) > 0 and .* and rsi\(1[04]\) > [56][05]/);
      expect(r.compiled.symbols.length, text).toBe(2);
      expect(r.reason, text).toMatch(/trade "(SPY|QQQ)"/);
    }
    expect(
      refusal(
        "hold whichever of QQQ and TLT has the stronger 6 month return, only when RSI(14) stays above 60",
      ).reason,
    ).toContain(
      'entry "roc(close(QQQ), 126) > 0 and roc(close(QQQ), 126) > roc(close(TLT), 126) and rsi(14) > 60"',
    );
  });

  it("dual momentum across three symbols is refused too, not rotated without the condition", async () => {
    const resolved = await resolveStrategy(
      "dual momentum rotation across SPY, EFA and AGG with the RSI above 50",
    );
    expect(resolved.strategies).toEqual([]);
    expect(resolved.refused?.closest[0]?.name).toBe("dual_momentum");
    expect(resolved.refused?.reason).toContain("no rule text rotates across SPY, EFA, AGG");
  });

  it("dual momentum or pairs with an average called a filter", () => {
    expect(refusal("dual momentum SPY vs EFA with a 200 day sma filter").reason).toContain(
      "roc(close(SPY), 252) > roc(close(EFA), 252) and close > sma(200)",
    );
    const pair = refusal(
      "pairs trade KO/PEP, z-score of the spread below -2, using a 100 day ema as a trend filter",
    );
    expect(pair.reason).toContain(
      "zscore(log(close(KO)) - 1 * log(close(PEP)), 60) < -2 and close > ema(100)",
    );
    expect(pair.closest?.[0]).toBe("pairs_zscore");
  });

  it("a condition in the exit clause is the rule's exit, told as such; MACD's signal beside dual momentum", () => {
    const exit = refusal(
      "pairs trade XOM CVX when the spread z-score drops below -2, sell when RSI is above 70",
    );
    expect(exit.reason).toContain(
      'entry "zscore(log(close(XOM)) - 1 * log(close(CVX)), 60) < -2", exit "rsi(14) > 70", trade "XOM"',
    );
    expect(refusal("GEM with SPY and EFA, only when the MACD is above its signal line").reason).toContain(
      "roc(close(SPY), 252) > roc(close(EFA), 252) and macd(12, 26) > macd_signal(12, 26, 9)",
    );
  });

  it("pairs with an RSI or MACD condition, fixed or fitted hedge ratio", () => {
    const rsi = refusal("pairs trading KO vs PEP at z 2, only when RSI is below 40");
    expect(rsi.reason).toContain('"rsi is below 40"');
    expect(rsi.reason).toContain("zscore(log(close(KO)) - 1 * log(close(PEP)), 60) < -2 and rsi(14) < 40");
    expect(rsi.reason).toContain('trade "KO"');
    const fitted = refusal(
      "stat arb GLD GDX, rolling OLS hedge ratio over 120 days, z over 20 days, entries only while MACD is above 0",
    );
    expect(fitted.closest?.[0]).toBe("pairs_zscore_fitted");
    expect(fitted.reason).toContain(
      "zscore(log(close(GLD)) - beta(log(close(GLD)), log(close(GDX)), 120) * log(close(GDX)), 20) < -2 and macd(12, 26) > 0",
    );
    // Named by company: the slots stay A and B, and the refusal says to bind them.
    const companies = refusal("Coke vs Pepsi pairs trade, only when the RSI is under 30");
    expect(companies.reason).toContain("zscore(log(close(A)) - 1 * log(close(B)), 60) < -2 and rsi(14) < 30");
    expect(companies.reason).toContain("A and B bound to two tickers and trade A");
    // An RSI filter with no level beside a pair (a mean-reverting rule) asks for an oversold RSI.
    expect(refusal("KO PEP spread z-score pairs trade confirmed by RSI(3)").reason).toContain(
      "rsi(3) < {rsi_level}",
    );
  });

  it("the rules' own logic is not an extra condition: they still resolve, bound to the tickers", async () => {
    expect(
      await firstOf(
        "dual momentum SPY vs EFA: hold the one whose 12-month return is higher than the other's and than T-bills",
      ),
    ).toMatchObject({
      refused: false,
      name: "dual_momentum",
      params: { lookback: 252 },
      symbols: ["SPY", "EFA"],
    });
    expect(await firstOf("absolute and relative momentum between QQQ and TLT over 6 months")).toMatchObject({
      refused: false,
      name: "dual_momentum",
      params: { lookback: 126 },
    });
    expect(
      await firstOf(
        "pairs KO vs PEP: buy when the spread z-score is below -2, exit at the mean, hedge ratio 0.8",
      ),
    ).toMatchObject({
      refused: false,
      name: "pairs_zscore",
      params: { window: 60, entry_z: 2, exit_z: 0, hedge: 0.8 },
      symbols: ["KO", "PEP"],
    });
    expect(
      await firstOf(
        "pairs trading GLD versus GDX, buy when the spread is 2 standard deviations below its 20-day moving average",
      ),
    ).toMatchObject({
      refused: false,
      name: "pairs_zscore",
      params: { window: 20, entry_z: 2 },
    });
    expect(
      await firstOf(
        "XOM CVX pair, 90 day rolling regression hedge ratio, z-score of the spread over 30 days below -1.5",
      ),
    ).toMatchObject({
      refused: false,
      name: "pairs_zscore_fitted",
      params: { hedge_window: 90, window: 30, entry_z: 1.5 },
    });
    // A condition told as history is no condition of the rule asked for.
    expect(await firstOf("dual momentum SPY EFA; I tried RSI above 50 last year")).toMatchObject({
      refused: false,
      name: "dual_momentum",
    });
  });
});
