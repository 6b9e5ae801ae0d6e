import { loops } from "./loops.ts";

/**
 * Pseudo-code, spreadsheet notes and `key: value` specs written half in words, put into the code the parsers
 * read: "today's close" is the close and "yesterday's close" the close a bar ago; a spreadsheet's
 * "MAX(close over the previous 100 rows)" is the highest close of the 100 rows before this one; a declared
 * "lookback: 63 bars" is the number 63; and on a labelled line ("entry: …", "if …") "above zero", "below",
 * "is positive" are comparisons. Prose lines keep their words: the structured reading reads those.
 */
export function plainCode(text: string): string {
  return (
    loops(text)
      .replace(/\b(?:today'?s|the current|current)\s+(close|open|high|low|price)\b/gi, "$1")
      .replace(/\byesterday'?s\s+(close|open|high|low|price)\b/gi, "$1[1]")
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

function words(line: string): string {
  return (
    line
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
