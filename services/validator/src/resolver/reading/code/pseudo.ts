import { loops } from "./loops.ts";
import { sheets } from "./spreadsheet.ts";

/**
 * Pseudo-code, spreadsheet notes and `key: value` specs written half in words, put into the code the parsers
 * read: "today's close" is the close and "yesterday's close" the close a bar ago; a spreadsheet's
 * "MAX(close over the previous 100 rows)" is the highest close of the 100 rows before this one; a declared
 * "lookback: 63 bars" is the number 63; and on a labelled line ("entry: …", "if …") "above zero", "below",
 * "is positive" are comparisons. Prose lines keep their words: the structured reading reads those.
 */
export function plainCode(text: string): string {
  return (
    loops(sheets(text))
      .replace(/\b(?:today'?s|the current|current)\s+(close|open|high|low|price)\b/gi, "$1")
      .replace(/\byesterday'?s\s+(close|open|high|low|price)\b/gi, "$1[1]")
      .replace(SPAN, (all, fn: string, series: string, sub: string) => {
        const bars = span(sub);
        if (!bars) return all;
        const made = `${fn}(${series}, ${bars.n})`;
        return bars.ago === 0 ? made : `shift(${made}, ${bars.ago})`;
      })
      .replace(WINDOW, (_, fn: string, series: string, when: string, n: string) =>
        // "previous" and "prior" rows end at yesterday; "last" and "past" ones include today.
        /^(?:previous|prior|preceding)$/i.test(when)
          ? `shift(${fn}(${series}, ${n}), 1)`
          : `${fn}(${series}, ${n})`,
      )
      // Sentences of a note are statements: "L = MIN(…). Buy if close > H".
      .replace(/(?<=[\w)\]])\.\s+(?=[A-Z])/g, "; ")
      .replace(
        NEAR_EXTREME,
        (all, x: string, lag: string | undefined, pct: string | undefined, n: string, side: string) => {
          // "width[1] is within 10% of its 60-bar minimum": at most 1.1 times the lowest width of 60 bars ("its" is
          // the series, not the lagged value); "at its 60-bar high" is at least the highest. Only of a series the
          // code defines or a price field: "width at its 60-bar low" in a sentence is left to the words.
          if (!SERIES_FIELD.test(x) && !new RegExp(`(?:^|[\\s;])${x}\\s*(?::=|<-|=(?!=))`, "m").test(text))
            return all;
          const low = /^(?:min|minimum|low|lowest)$/i.test(side);
          const f = pct === undefined ? 1 : Number((1 + ((low ? 1 : -1) * Number(pct)) / 100).toFixed(10));
          const line = `${low ? "lowest" : "highest"}(${x}, ${n})`;
          return `${x}${lag ?? ""} ${low ? "<=" : ">="} ${f === 1 ? line : `${f} * ${line}`}`;
        },
      )
      .split("\n")
      .map((line) => (LABELLED.test(line) ? words(line) : line))
      .join("\n")
  );
}

/** A statistic of a span of past bars: `max(close[1..55])`, `min(close[t-20..t-1])`, `np.max(close[-56:-1])`. */
const SPAN =
  /\b((?:np\.)?(?:max|min|amax|amin|nanmax|nanmin|mean|nanmean|avg|average|highest|lowest|hhv|llv|sma))\(\s*([A-Za-z_][\w.]*)\[\s*([^\]\n]+?)\s*\]\s*\)/gi;

/**
 * The bars a span covers, counted back from today (0): an inclusive range of bars ago (`1..55`, `55..1`) or of a bar
 * counter less offsets (`t-55..t-1`), or Python's slice of the last rows (`-56:-1`, today excluded; `-20:`, today
 * the last). Null for any other subscript (a single bar, positions from the start, Julia's or R's `a:b`).
 */
function span(sub: string): { n: number; ago: number } | null {
  const python = /^-(\d+)\s*:\s*(?:-(\d+))?$/.exec(sub);
  if (python) {
    const [from, to] = [Number(python[1]), Number(python[2] ?? 0)];
    return from > to ? { n: from - to, ago: to } : null;
  }
  const range = /^(.+?)\s*\.\.\s*(.+)$/.exec(sub);
  if (!range) return null;
  const end = (e: string) => /^(?:([A-Za-z_]\w*)(?:\s*-\s*(\d+))?|(\d+))$/.exec(e.trim());
  const [a, b] = [end(range[1]!), end(range[2]!)];
  if (!a || !b || a[1] !== b[1]) return null;
  const ago = (m: RegExpExecArray) => Number(m[1] ? (m[2] ?? 0) : m[3]);
  const [x, y] = [ago(a), ago(b)];
  return { n: Math.abs(x - y) + 1, ago: Math.min(x, y) };
}

const WINDOW =
  /\b([A-Za-z_]\w*)\(\s*([\w.]+)\s+(?:over|across|of|for|in)\s+(?:the\s+)?(previous|prior|preceding|past|last)\s+(\d+)\s+(?:rows|bars|days|sessions|periods|cells|candles|closes)\s*\)/g;
/**
 * A series near its own extreme: "x[1] is at (or within 10% of) its 60-bar minimum", "x within 5% of its 20-day
 * high", "x is at its 120-bar low".
 */
const NEAR_EXTREME =
  /\b([A-Za-z_]\w*)(\[\d+\])?\s+(?:is\s+)?(?:at\s+)?(?:\(?\s*(?:or\s+)?within\s+(\d+(?:\.\d+)?)\s*%\s+of\s*\)?\s*)?its\s+(\d+)[- ](?:bar|day|session|period)s?\s+(min|minimum|low|lowest|max|maximum|high|highest)\b/gi;
const SERIES_FIELD = /^(?:close|open|high|low|volume)$/i;
/** A `key: value` line or a condition line of pseudo-code. */
const LABELLED = /^\s*(?:[A-Za-z_][\w ]{0,30}:|(?:if|elif|when)\b)/i;
const UNITS: Record<string, number> = {
  bar: 1,
  day: 1,
  session: 1,
  period: 1,
  candle: 1,
  week: 5,
  month: 21,
};

/** Of the data, as a spec says where its span starts or ends: "of the test", "of the sample", "of history". */
const OF_DATA = String.raw`(?:\s+of\s+(?:the\s+)?(?:data|test|sample|back-?test|history|period|series|simulation))?`;
/**
 * A spec's entry on the first bar: "day one", "bar 1", "the first trading day", "at the start of the data",
 * "inception", "immediately", "always", with or without the order before it ("buy on day one", "long from the open of
 * day 1"). Whole values only: "first trading day of the month" is a calendar rule, not the first bar.
 */
const FIRST_BAR = new RegExp(
  String.raw`^(\s*)(?:entry|entries|enter|buy|long)(?:\s+(?:rule|signal|condition|when|date|timing))?\s*:\s*(?:(?:buy|go\s+long|long|enter|invest|all[\s-]in)\s+(?:(?:it|everything|all|[A-Z]{1,5}|100\s*%)\s+)?)?(?:(?:on|at|from|in)\s+)?(?:the\s+)?(?:(?:open|close)\s+(?:of|on)\s+(?:the\s+)?)?(?:(?:day|bar|session)\s+(?:one|1|0|zero)|first\s+(?:trading\s+|available\s+)?(?:bar|day|session|candle|close|open|date)${OF_DATA}|(?:start|beginning|inception|outset)${OF_DATA}|immediately|at\s+once|right\s+away|always)\s*(?:\([^()]*\))?\s*[.!;]?\s*$`,
  "i",
);
/**
 * A spec's exit that never comes: "n/a", "none", "never", "-", "hold", "held to the end of the data", "end of test".
 */
const NEVER_OUT = new RegExp(
  String.raw`^(\s*)(?:exit|exits|sell)(?:\s+(?:rule|signal|condition|when|date|timing))?\s*:\s*(?:n\s*\/\s*a|none|never|nothing|no(?:\s+exit|\s+selling|\s+sell)?|not\s+applicable|never\s+sell|[-–—]+|(?:hold|held|stay\s+in)(?:\s+(?:forever|(?:to|till|until)\s+(?:the\s+)?end${OF_DATA}))?|(?:at\s+)?(?:the\s+)?end${OF_DATA})\s*(?:\([^()]*\))?\s*[.!;]?\s*$`,
  "i",
);

function words(line: string): string {
  return (
    line
      // "Entry: day one" / "Exit: n/a": in on the first bar (`true`), out never (`false`), as buy and hold's code.
      .replace(FIRST_BAR, "$1entry: true")
      .replace(NEVER_OUT, "$1exit: false")
      // "lookback: 63 bars", "window: 3 months": the number of bars.
      .replace(
        /^(\s*[A-Za-z_]\w*\s*:\s*)(\d+(?:\.\d+)?)\s*(bar|day|session|period|candle|week|month)s?\s*$/i,
        (_, key: string, n: string, unit: string) => `${key}${Number(n) * UNITS[unit.toLowerCase()]!}`,
      )
      .replace(
        /(?<!\bcross(?:es|ed|ing)?)\s+(?:is\s+)?(?:above|greater than|more than|higher than)\s+/gi,
        " > ",
      )
      .replace(/(?<!\bcross(?:es|ed|ing)?)\s+(?:is\s+)?(?:below|less than|lower than)\s+/gi, " < ")
      .replace(/([<>]=?)\s*zero\b/gi, "$1 0")
      .replace(/\s+(?:is\s+)?positive\b/gi, " > 0")
      .replace(/\s+(?:is\s+)?negative\b/gi, " < 0")
  );
}
