/**
 * Pseudo-code written as a loop over the bars or the months, put into the series code the parsers read (pseudo.ts
 * calls this first):
 * - a bar counter (`for t in range(20, len(close)):`, `for each bar i:`, `for (int i = 0; …)`): `close[t]` is the
 *   close, `close[t-1]` the close a bar ago, and a slice `close[t-20:t]` the 20 bars before this one;
 * - a list of the bars so far (`each bar:` with `close[-1]`, or any `close[-10:]`): Python's positions from the end,
 *   `close[-1]` this bar and `close[-10:]` the last 10 bars with this one;
 * - a statistic of such a window (`mean(…)`, `np.std(…)`, `max(…)`, `….min()`, `sum(…) / n`): the rolling indicator
 *   of that many bars, lagged when the window ends before this bar;
 * - the code's own flag of its position beside a condition (`if flat and z < -1: buy`, `if long and z > 0: sell`):
 *   dropped, as the long-only rule already buys only when flat and sells only when long;
 * - a month counter (`for each month m:`) with orders placed at bars of the month (`buy at the close of bar
 *   last_bar(m) - 2`, `sell on trading day 2 of month m + 1`): conditions on the month's counters.
 */
export function loops(text: string): string {
  let out = text;
  const counters = barCounters(text);
  if (counters.length) out = counterWindows(out, counters);
  if (fromEnd(text)) out = endWindows(out);
  out = positionFlags(out);
  const month = monthCounter(text);
  if (month) out = monthOrders(out, month);
  return out;
}

/** A loop over the bars or the months: the marker that makes such a text code worth reading. */
export const LOOP =
  /^\s*(?:for\s+[A-Za-z_]\w*\s*=\s*\d+\s+to\b|(?:for\s+|on\s+)?(?:each|every)\s+(?:bar|day|session|candle|month)\b[^\n]*:\s*$|for\s+(?:bar|day|session|candle|month)\s+[A-Za-z_]\w*\b[^\n]*:\s*$|for\s+[A-Za-z_]\w*\s+in\s+(?:range\s*\(|[\w.]*(?:months?|bars|days)\b)|for\s*\(\s*(?:int|var|let|auto|size_t)\s+[A-Za-z_]\w*\s*=)/im;

// A series as pseudo-code names it: `close`, `df.close`, `df['close']`, `prices`, with a positional accessor.
const SERIES = String.raw`[A-Za-z_][\w.]*(?:\[\s*['"]\w+['"]\s*\])?`;
const ACCESSOR = /\.(?:iloc|iat|loc|at|values)$/;
/** Statistics of a window, by the names of Python, numpy, statistics and pseudo-code, as the rule language's. */
const STATS: Record<string, string> = {
  mean: "sma",
  average: "sma",
  avg: "sma",
  sma: "sma",
  std: "std",
  stdev: "std",
  stddev: "std",
  pstdev: "std",
  sd: "std",
  max: "highest",
  amax: "highest",
  nanmax: "highest",
  highest: "highest",
  min: "lowest",
  amin: "lowest",
  nanmin: "lowest",
  lowest: "lowest",
};
const STAT = `(?:np\\.|numpy\\.|statistics\\.|stats\\.|math\\.)?(${Object.keys(STATS).join("|")})`;

/** Where a subscript reads: one bar `lag` bars ago, or a window of bars. */
type Place = { lag: number } | { bars: number; lag: number };
type Reader = (inner: string) => Place | null;

/** `shift(sma(close, 20), 1)`: the statistic of the window, as of the window's last bar. */
function statistic(fn: string, series: string, w: { bars: number; lag: number }): string {
  const stat = `${STATS[fn.toLowerCase()]}(${series.replace(ACCESSOR, "")}, ${w.bars})`;
  return w.lag === 0 ? stat : `shift(${stat}, ${w.lag})`;
}

// A subscript of a series: `close[t-1]`, `df['close'][t-20:t]`, `closes[-10:]` (no nested brackets or strings).
const SUB = String.raw`(${SERIES})\[([^\[\]'"\n]*)\]`;
const FUNCTION_FORM = new RegExp(String.raw`\b${STAT}\(\s*${SUB}(?:\s*,\s*ddof\s*=\s*\d)?\s*\)`, "gi");
const METHOD_FORM = new RegExp(String.raw`(?<![\w.\]])${SUB}\.${STAT}\(\s*(?:ddof\s*=\s*\d)?\s*\)`, "gi");
const SUM_FORM = new RegExp(String.raw`\bsum\(\s*${SUB}\s*\)\s*/\s*(\d+)\b(?!\s*[*/.])`, "gi");
const SINGLE = new RegExp(String.raw`(?<![\w.\]])${SUB}`, "g");

/** The code with each window's statistic and each single bar of a series read by `read`, the rest as it was. */
function rewrite(text: string, read: Reader): string {
  const window = (inner: string) => {
    const p = read(inner);
    return p && "bars" in p ? p : null;
  };
  return text
    .replace(FUNCTION_FORM, (all, fn: string, s: string, inner: string) => {
      const w = window(inner);
      return w ? statistic(fn, s, w) : all;
    })
    .replace(METHOD_FORM, (all, s: string, inner: string, fn: string) => {
      const w = window(inner);
      return w ? statistic(fn, s, w) : all;
    })
    .replace(SUM_FORM, (all, s: string, inner: string, n: string) => {
      const w = window(inner);
      return w && w.bars === Number(n) ? statistic("mean", s, w) : all;
    })
    .replace(SINGLE, (all, s: string, inner: string) => {
      const p = read(inner);
      if (!p || "bars" in p) return all;
      const series = s.replace(ACCESSOR, "");
      return p.lag === 0 ? series : `${series}[${p.lag}]`;
    });
}

/** Names of the loops' bar counters: `for t in range(…)`, `for each bar i:`, `for (int i = 0; …)`, `for i = 1 to n`. */
function barCounters(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(
    /\bfor\s*\(?\s*(?:(?:(?:each|every)\s+)?(?:bar|day|session|candle|row)\s+|(?:int|var|let|auto|size_t)\s+)?([A-Za-z_]\w*)\s*(?:\bin\b|=(?!=)|:\s*$)/gim,
  ))
    if (!/^(?:each|every|month|m)$/i.test(m[1]!)) names.add(m[1]!);
  // A counter of the bars reads back from itself (`close[t-1]`, `close[t-20:t]`); one used only as `close[i]` counts
  // bars back already (Pine's `for i = 0 to 9`), and is left to the code's own reading.
  return [...names].filter((n) =>
    new RegExp(`\\[\\s*${n}\\s*(?:-\\s*\\d|:)|:\\s*${n}\\s*(?:[-+]\\s*\\d+\\s*)?\\]`).test(text),
  );
}

/** `t`, `t - 1`, `t+1`: the counter's offset, or null. */
function offset(expr: string, counters: string[]): number | null {
  const m = /^\s*([A-Za-z_]\w*)\s*(?:([-+])\s*(\d+))?\s*$/.exec(expr);
  if (!m || !counters.includes(m[1]!)) return null;
  return m[2] ? (m[2] === "-" ? -1 : 1) * Number(m[3]) : 0;
}

/** A slice's window from its first position and its (exclusive) end: `t-20:t` ends a bar before this one. */
function span(from: number, end: number): Place | null {
  const bars = end - from;
  const lag = 1 - end;
  return Number.isInteger(bars) && bars >= 2 && lag >= 0 ? { bars, lag } : null;
}

/** Positions relative to the loop's counter: `t - k` is k bars ago, `t-a:t-b` the window between. */
function counterWindows(text: string, counters: string[]): string {
  return rewrite(text, (inner) => {
    const parts = inner.split(":");
    if (parts.length === 1) {
      const k = offset(parts[0]!, counters);
      return k !== null && k <= 0 ? { lag: -k } : null;
    }
    if (parts.length !== 2) return null;
    const [a, b] = [offset(parts[0]!, counters), offset(parts[1]!, counters)];
    return a !== null && b !== null ? span(a, b) : null;
  });
}

/**
 * Whether the code reads its series as Python lists of the bars so far, positions counted from the end: it takes a
 * slice to the end (`close[-10:]`, `close[-21:-1]`), or a loop over each bar reads `close[-1]` and never `close[0]`
 * (backtrader's lines, where `[0]` is this bar and `[-1]` the one before, read both).
 */
function fromEnd(text: string): boolean {
  if (/[\w'"\]]\[\s*-\s*\d+\s*:\s*(?:-\s*\d+\s*)?\]/.test(text)) return true;
  return LOOP.test(text) && /\w\[\s*-\s*\d+\s*\]/.test(text) && !/\w\[\s*0\s*\]/.test(text);
}

/** Python positions from the end: `x[-1]` is this bar, `x[-10:]` the last 10 bars, `x[-21:-1]` the 20 before this. */
function endWindows(text: string): string {
  const back = (s: string) => {
    const m = /^\s*-\s*(\d+)\s*$/.exec(s);
    return m ? -Number(m[1]) : null;
  };
  return rewrite(text, (inner) => {
    const parts = inner.split(":");
    if (parts.length === 1) {
      const k = back(parts[0]!);
      return k !== null && k <= -1 ? { lag: -k - 1 } : null;
    }
    if (parts.length !== 2) return null;
    // Positions from the end are offsets from one past this bar: -1 is this bar, an open end is past it.
    const a = back(parts[0]!);
    const b = parts[1]!.trim() === "" ? 0 : back(parts[1]!);
    return a !== null && b !== null ? span(a + 1, b + 1) : null;
  });
}

// The code's own record of its position, by the state it names: flat (no shares) or long (holding them).
const FLAT_STATE = String.raw`(?:flat|not\s+long|not\s+in\s+(?:a\s+)?(?:position|trade|the\s+market)|no\s+position|out\s+of\s+the\s+market|(?:position|pos|shares|qty)\s*==\s*0)`;
const LONG_STATE = String.raw`(?:long|in\s+(?:a\s+)?(?:position|trade|the\s+market)|(?:position|pos|shares|qty)\s*(?:>|!=)\s*0|(?:position|pos)\s*==\s*1)`;
const STATE = `(?:(?:we\\s+are|we're|i\\s+am|i'm|am|is|are)\\s+)?(?:${FLAT_STATE}|${LONG_STATE})`;
const STATE_FIRST = new RegExp(
  `^(\\s*(?:if|elif|else\\s+if|when)\\s+\\(?\\s*)${STATE}\\s+(?:and|&&)\\s+`,
  "gim",
);
const STATE_LAST = new RegExp(`\\s+(?:and|&&)\\s+${STATE}(?=\\s*\\)?\\s*(?::|\\bthen\\b|$))`, "gim");

/**
 * `if flat and z < -1: buy`, `if z > 0 and long: sell`: the position flag goes, unless the code computes a variable
 * of that name (`long = sma50 > sma200` is a condition, not the position; `position = 1` keeps the position).
 */
function positionFlags(text: string): string {
  const computed = (flag: string) => {
    const name = /\b(flat|long|position|pos|shares|qty)\b/i.exec(flag)?.[1];
    return !!name && new RegExp(`^\\s*${name}\\s*=(?!=)(?!\\s*(?:-?[01]|true|false)\\s*$)`, "im").test(text);
  };
  return text
    .replace(STATE_FIRST, (all, head: string) => (computed(all.slice(head.length)) ? all : head))
    .replace(STATE_LAST, (all: string) => (computed(all) ? all : ""));
}

/** The month loop's counter: `for each month m:`, `for m in months:`, `each month m:`; "month" when unnamed. */
function monthCounter(text: string): string | null {
  const m =
    /^\s*(?:for\s+)?(?:each|every)\s+month(?:\s+([A-Za-z_]\w*))?\s*(?:in\b[^\n]*)?:\s*$/im.exec(text) ??
    /^\s*for\s+([A-Za-z_]\w*)\s+in\s+[\w.]*months?\b[^\n]*:\s*$/im.exec(text) ??
    /^\s*for\s+(?:each\s+|every\s+)?month\s+([A-Za-z_]\w*)\b[^\n]*:\s*$/im.exec(text);
  return m ? (m[1] ?? "month") : null;
}

const ORDINAL = String.raw`(\d+)(?:st|nd|rd|th)?|(first|second|third|fourth|fifth)`;
const ORDINALS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5 };
const CARDINALS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7 };
/** The month's last and first bars as pseudo-code's functions name them: `last_bar(m)`, `month_end(m)`, `bom(m)`. */
const END = "last_?(?:trading_?)?(?:bar|day|session|date)s?|month_?end|end_?of_?month|eom";
const START = "first_?(?:trading_?)?(?:bar|day|session|date)s?|month_?start|start_?of_?month|bom";
const ordinal = (digits: string | undefined, word: string | undefined) =>
  digits ? Number(digits) : ORDINALS[word!.toLowerCase()]!;

/**
 * A bar of the month named in the loop's terms, as a condition on the engine's counters: `last_bar(m) - 2` (or
 * `last_day(m) - 2`, "2 bars before the last bar of m") is two bars before the month's last, `days_to_month_end ==
 * 2`; `first_bar(m + 1) + 1` and "trading day 2 of month m + 1" are the month's second bar, `trading_day_of_month ==
 * 2`. Null for anything else.
 */
function barOfMonth(said: string, m: string): string | null {
  const words = said.replace(/\b(?:one|two|three|four|five|six|seven)\b/gi, (w) =>
    String(CARDINALS[w.toLowerCase()]),
  );
  const month = String.raw`(?:the\s+)?(?:month\s+)?(?:${m}|the\s+(?:next|following)\s+month|next\s+month)(?:\s*\+\s*1)?`;
  const fromEnd = new RegExp(
    String.raw`\b(?:${END})\s*\(\s*${m}\s*\)(?:\s*-\s*(\d+))?|\b(\d+)\s+(?:trading\s+)?(?:bars?|days?|sessions?)\s+before\s+the\s+last\s+(?:trading\s+)?(?:bar|day|session)\s+of\s+${month}`,
    "i",
  ).exec(words);
  if (fromEnd) return `days_to_month_end == ${Number(fromEnd[1] ?? fromEnd[2] ?? 0)}`;
  // "the last trading day of m" (0 bars before it), "the second-to-last bar of m" (1), "the 3rd from last" (2).
  const toLast = new RegExp(
    String.raw`\b(?:the\s+)?(?:(?:${ORDINAL})[-\s]+(?:to|from)[-\s]+)?last\s+(?:trading\s+)?(?:bar|day|session)\s+(?:of|in)\s+${month}`,
    "i",
  ).exec(words);
  if (toLast) return `days_to_month_end == ${toLast[1] || toLast[2] ? ordinal(toLast[1], toLast[2]) - 1 : 0}`;
  const fromStart = new RegExp(
    String.raw`\b(?:${START})\s*\(\s*${m}\s*(?:\+\s*1\s*)?\)(?:\s*\+\s*(\d+))?|\b(?:trading\s+)?(?:day|bar|session)\s+(\d+)\s+of\s+${month}|\b(?:the\s+)?(?:${ORDINAL})\s+(?:trading\s+)?(?:day|bar|session)\s+of\s+${month}`,
    "i",
  ).exec(words);
  if (!fromStart) return null;
  if (fromStart[0].includes("(")) return `trading_day_of_month == ${Number(fromStart[1] ?? 0) + 1}`;
  return `trading_day_of_month == ${fromStart[2] ? Number(fromStart[2]) : ordinal(fromStart[3], fromStart[4])}`;
}

const ORDER =
  /^(\s*)(buy|sell|enter(?:\s+long)?|exit(?:\s+long)?|go\s+long|go\s+flat|get\s+in|get\s+out|close\s+(?:the\s+)?(?:position|trade|out))\b(.*)$/i;

/** In a month loop, "buy at the close of bar last_bar(m) - 2" is `if days_to_month_end == 2: buy`. */
function monthOrders(text: string, m: string): string {
  return text
    .split("\n")
    .map((line) => {
      const order = ORDER.exec(line);
      // An order at the open is not the close's: the rules fill at the close, so it is left to the words.
      const when = order && !/\bopen(?:ing)?\b/i.test(order[3]!) ? barOfMonth(order[3]!, m) : null;
      if (!order || !when) return line;
      const buy = /^(?:buy|enter|go\s+long|get\s+in)/i.test(order[2]!);
      return `${order[1]}if ${when}: ${buy ? "buy" : "sell"}`;
    })
    .join("\n");
}
