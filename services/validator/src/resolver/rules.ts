import type { StrategyName } from "@qp/schema";
import type { Params } from "../strategies/catalog.ts";

export interface RuleMatch {
  name: StrategyName;
  params: Params;
  reason: string;
}

/** Bollinger bands by name or by traders' shorthand ("BB (20,2)", "bbands"). */
const BOLLINGER = /bollinger|\bbb\b|\bbbands?\b|\bb-bands?\b/;

const num = String.raw`(\d+(?:\.\d+)?)`;
const nums = (text: string) => [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));

/**
 * Named trading rules found in the concept text, with the numbers the text gives (and the textbook values
 * where it gives none). Order matters: the most specific phrase wins, one match per template.
 */
export function matchRules(concept: string): RuleMatch[] {
  const text = concept.toLowerCase();
  const out: RuleMatch[] = [];
  const add = (m: RuleMatch) => {
    if (!out.some((o) => o.name === m.name)) out.push(m);
  };
  if (/golden[\s-]cross/.test(text))
    add({
      name: "sma_crossover",
      params: { fast: 50, slow: 200 },
      reason: '"golden cross" is the 50-day SMA crossing above the 200-day SMA',
    });
  if (/death[\s-]cross/.test(text))
    add({
      name: "sma_crossover",
      params: { fast: 50, slow: 200 },
      reason:
        '"death cross" is the 50-day SMA crossing below the 200-day SMA (the exit of the 50/200 crossover, long only)',
    });
  if (/\bsma\b|\bema\b|moving averages?|\bma\b/.test(text)) {
    const pair = /\b(\d+)\s*(?:\/|,|and|vs\.?|-|to|by|x|×|&)\s*(\d+)\b/.exec(text);
    const isEma = /\bema\b|exponential/.test(text);
    const name: StrategyName = isEma ? "ema_crossover" : "sma_crossover";
    const label = isEma ? "EMA" : "SMA";
    if (pair && Number(pair[1]) !== Number(pair[2])) {
      const [a, b] = [Number(pair[1]), Number(pair[2])];
      add({
        name,
        params: { fast: Math.min(a, b), slow: Math.max(a, b) },
        reason: `the text names a ${label} crossover of ${Math.min(a, b)} and ${Math.max(a, b)} bars`,
      });
    } else if (/cross/.test(text)) {
      add({
        name,
        params: isEma ? { fast: 12, slow: 26 } : { fast: 50, slow: 200 },
        reason: `the text names a ${label} crossover without windows; using the textbook ${isEma ? "12/26" : "50/200"}`,
      });
    }
  }
  if (/\brsi\b|relative strength index/.test(text)) {
    // The period: "RSI(7)", "9-period RSI", "RSI 21" (a number right after RSI, not a level pair "35/65").
    const window = new RegExp(
      String.raw`rsi\s*\(\s*${num}\s*\)|${num}\s*-?\s*(?:day|period|bar)s?\s*rsi|rsi\s*-?\s*${num}\b(?!\s*(?:%|\/|\.\d))|${num}\s*-?\s*(?:day|period|bar)s?\s+(?:lookback|window|length|setting)|\b(?:lookback|window|length|period)\s*(?:of\s+|=\s*|:\s*)?${num}\b(?!\s*(?:%|\/|\.\d))`,
    ).exec(text);
    // The levels: "below 30", "dips to 20", "sell at 60", or a pair "35/65" (lower below 50, upper above).
    const below = new RegExp(
      String.raw`(?:under|below|<|less than|(?:drops?|falls?|dips?|sinks?|goes|gets|slides?) (?:to|below|under|beneath)|oversold (?:at|of)?|buy (?:at|below|under))\s*${num}`,
    ).exec(text);
    const above = new RegExp(
      String.raw`(?:over|above|>|more than|(?:rises?|climbs?|gets|goes|moves?|crosses|gets back|recovers?) (?:to|above|over|back above)|overbought (?:at|of)?|sell (?:at|above|over|when it (?:hits|reaches)))\s*${num}`,
    ).exec(text);
    const levels = /\b(\d{1,2})\s*\/\s*(\d{2})\b/.exec(text);
    const pair =
      levels && Number(levels[1]) < 50 && Number(levels[2]) > 50 && Number(levels[2]) < 100
        ? [Number(levels[1]), Number(levels[2])]
        : null;
    const stated = Number(window?.[1] ?? window?.[2] ?? window?.[3] ?? window?.[4] ?? window?.[5] ?? 14);
    const w = pair?.includes(stated) ? 14 : stated;
    const lower = pair?.[0] ?? Number(below?.[1] ?? (above ? 100 - Number(above[1]) : 30));
    const upper = pair?.[1] ?? Number(above?.[1] ?? 100 - lower);
    add({
      name: "rsi_mean_reversion",
      params: { window: w, lower, upper },
      reason: `RSI(${w}) mean reversion: buy when it falls below ${lower}, sell above ${upper}${below || above ? " (levels from the text)" : " (textbook 30/70)"}`,
    });
  }
  if (/\bmacd\b/.test(text)) {
    const n = nums(text.slice(text.indexOf("macd")));
    const [fast, slow, signal] = n.length >= 3 ? n : [12, 26, 9];
    add({
      name: "macd",
      params: { fast: fast!, slow: slow!, signal: signal! },
      reason: `MACD(${fast}, ${slow}, ${signal}) signal-line crossover${n.length >= 3 ? " (from the text)" : " (textbook 12/26/9)"}`,
    });
  }
  const bollinger = BOLLINGER.exec(text);
  if (bollinger) {
    const n = nums(text.slice(bollinger.index));
    // A width stated in standard deviations anywhere ("2.5 sd bands") is k, wherever it stands.
    const sd = /(\d+(?:\.\d+)?)\s*(?:sd|std|stdev|standard deviations?|sigmas?|σ)\b/.exec(text);
    const window = n.find((v) => Number.isInteger(v) && v >= 5) ?? 20;
    const k = sd ? Number(sd[1]) : (n.find((v) => v > 0 && v <= 4) ?? 2);
    add({
      name: "bollinger_bands",
      params: { window, k },
      reason: `Bollinger bands (${window}, ${k}σ) mean reversion${n.length ? " (from the text)" : " (textbook 20/2)"}`,
    });
  }
  const breakout = /breakout|donchian|turtle|\bchannel\b|new (?:\d+[\s-]*day )?highs?/.test(text);
  if (breakout) {
    // Periods: "40/20" (entry/exit), "55 day entry, 20 day exit", or one window (the exit half of it).
    const periods = [
      ...text.matchAll(new RegExp(String.raw`${num}\s*-?\s*(day|bar|session|week)s?`, "g")),
    ].map((m) => Math.round(Number(m[1]) * (m[2] === "week" ? 5 : 1)));
    const pair = /\b(\d+)\s*\/\s*(\d+)\b/.exec(text);
    const stated = pair ? [Number(pair[1]), Number(pair[2])] : periods;
    const days = stated.length > 0;
    const window = stated[0] ?? 20;
    const exitWindow =
      stated[1] !== undefined && stated[1] !== window ? stated[1] : Math.max(2, Math.round(window / 2));
    add({
      name: "donchian_breakout",
      params: { window, exit_window: exitWindow },
      reason: `Donchian breakout: buy above the ${window}-bar high, sell below the ${exitWindow}-bar low${days ? " (window from the text)" : " (textbook 20/10)"}`,
    });
  }
  if (
    /momentum|trend[\s-]following|time[\s-]series momentum/.test(text) &&
    !out.some((o) => o.name !== "rsi_mean_reversion")
  ) {
    const period = new RegExp(String.raw`${num}\s*-?\s*(month|week|day|year)s?`).exec(text);
    if (period || /time[\s-]series momentum|\btsmom\b/.test(text)) {
      const unit = period?.[2];
      const perUnit = unit === "month" ? 21 : unit === "week" ? 5 : unit === "year" ? 252 : 1;
      const lookback = period ? Math.round(Number(period[1]) * perUnit) : 252;
      add({
        name: "ts_momentum",
        params: { lookback },
        reason: `time-series momentum over ${lookback} bars${period ? ` (${period[0]} from the text, 21 trading days a month)` : " (textbook 12 months)"}`,
      });
    }
  }
  if (
    /buy[\s-]and[\s-]hold|passive/.test(text) &&
    !/(?:beat\w*|outperform\w*|versus|vs\.?|against|compared (?:to|with)|than|relative to)\s+(?:a\s+|the\s+|plain\s+|simple\s+)*buy[\s-]and[\s-]hold/.test(
      text,
    ) &&
    out.length === 0
  )
    add({ name: "buy_and_hold", params: {}, reason: "the text asks for buy and hold" });
  return out;
}

export { findSymbols } from "./symbols.ts";
