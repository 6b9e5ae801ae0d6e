import { correctSpelling } from "../../rules/spelling.ts";
import { contextNumbers } from "./context.ts";
import { PERSON_NAMES, TRANSLATIONS } from "./lexicon.ts";
import { numbersInWords } from "./numbers.ts";

/**
 * The tokeniser of the structured reading (issue 14): the concept is read once into words, numbers with their
 * units and operator signs, so the rules that follow ask "which number is attached to which indicator" instead of
 * matching whole phrases. "200-day", "50d", "10-month", "two hundred", "RSI(2)", "RSI-7", "1.5 std", "3%",
 * "5 bps", "-1.5", "minus 1.5" and "3rd" all become one number token with its unit.
 */
export type Unit = "day" | "week" | "month" | "quarter" | "year" | "bar" | "pct" | "bps" | "sd" | "z" | "ord";

export type Token =
  | { kind: "num"; value: number; unit?: Unit; at: number }
  | { kind: "word"; text: string; at: number }
  | { kind: "op"; text: string; at: number };

/** Lower case, apostrophes and underscores normalised, misspelt trading words corrected, numbers in words as digits. */
export function normalise(concept: string): string {
  return corrections(
    contextNumbers(
      numbersInWords(
        correctSpelling(
          translate(decimalCommas(withoutNames(concept)).toLowerCase())
            .replace(/[’']/g, "'")
            // A possessive is the word: "the last quarter's return", "Faber's rule".
            .replace(/(?<=[a-z])'s\b/g, "")
            .replace(/_/g, " ")
            .replace(/−/g, "-"),
        ),
      ),
    ),
  );
}

/** Non-native wordings, dictation and misspelt names rewritten to the reading's words (lexicon.ts `TRANSLATIONS`). */
export function translate(text: string): string {
  return TRANSLATIONS.reduce((out, [pattern, to]) => out.replace(pattern, to), text);
}

/** A person's name that reads as a rule's abbreviation ("Hey Tom," is no turn of the month), dropped. */
export function withoutNames(text: string): string {
  return PERSON_NAMES.reduce((out, [pattern, to]) => out.replace(pattern, to), text);
}

/**
 * A correction later in the text overrides the number it names: "10 and 30 day … actually make that 15 not 10",
 * "RSI 14, sorry, 21 instead of 14", "use 50 rather than 40". The earlier number is replaced (its last mention
 * before the correction) and the correction itself is dropped, so no number is read twice.
 */
const CORRECTION =
  /\s*(?:[,.;:!-]\s*|\s+)(?:(?:actually|sorry|correction|edit|oops|wait)\b[\s,:]*)+(?:(?:make|change|set)\s+(?:that|it|the\s+\w+)\s+(?:to\s+)?|use\s+|(?:i\s+)?meant\s+|the\s+\w+\s+(?:is|should\s+be)\s+(?:at\s+|on\s+)?)?(-?\d+(?:\.\d+)?)\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+(?:the\s+)?(-?\d+(?:\.\d+)?)\b(?:\s*,?\s*(?:for|on|in)\s+the\s+(?:buy|sell|entry|exit|lower|upper|fast|slow)(?:\s+(?:side|level))?)?[.!]?/g;

/**
 * A restated clause after "that's wrong": "…the 5th trading day. Wait, that's wrong, the sell is on the 4th trading
 * day." The number replaces the last earlier one of the same noun (in the named side's clause when there is one)
 * and the correction is dropped.
 */
const RESTATED =
  /\s*(?:[,.;:!-]\s*|\s+)(?:(?:wait|sorry|actually|oops|correction)\b[\s,:]*)+(?:that|this|it|i)(?:\s+is|\s+was|'m|\s+am)?\s+(?:wrong|a\s+mistake|a\s+typo|incorrect|mistaken)\b[\s,:;.-]*(?:the\s+(buy|sell|entry|exit|sale)\s+(?:is|should\s+be|comes|happens)\s+(?:on|at|after|in)?\s*)?(?:the\s+)?(\d+)(th|st|nd|rd)?\s+((?:trading\s+)?(?:day|session|bar)s?)\b[^.!?]*[.!?]?/g;

function restated(text: string): string {
  let out = text;
  for (const m of [...text.matchAll(RESTATED)].reverse()) {
    const [whole, side, now, ord, noun] = m;
    const before = out.slice(0, m.index);
    const same = [
      ...before.matchAll(
        new RegExp(`\\b(\\d+${ord ? "(?:th|st|nd|rd)" : ""})\\s+${noun!.replace(/s$/, "")}`, "g"),
      ),
    ];
    const sideWord =
      side && /^(?:sell|exit|sale)$/.test(side)
        ? /\b(?:sell|exit|out|close the)/
        : /\b(?:buy|enter|entry|in)\b/;
    const inSide = same.filter(
      (c) => side && sideWord.test(before.slice(Math.max(0, c.index - 80), c.index)),
    );
    const at = (inSide.length ? inSide : same).at(-1);
    if (!at) continue;
    out = `${before.slice(0, at.index)}${now}${ord ?? ""}${before.slice(at.index + at[1]!.length)}${/[.!?]$/.test(whole) ? ". " : ""}${out.slice(m.index + whole.length).trimStart()}`;
  }
  return out;
}

export function corrections(said: string): string {
  const text = meant(said);
  let out = restated(text);
  for (const m of [...text.matchAll(CORRECTION)].reverse()) {
    const [whole, now, was] = m;
    const before = out.slice(0, m.index);
    const at = [...before.matchAll(new RegExp(`(?<![\\d.])${was!.replace(".", "\\.")}(?![\\d.])`, "g"))].at(
      -1,
    );
    if (!at) continue;
    out = `${before.slice(0, at.index)}${now}${before.slice(at.index + was!.length)}${out.slice(m.index + whole.length)}`;
  }
  // "a 5-day signal line instead of 9", "bands at 2.5 rather than the usual 2": the number a stated one replaces,
  // named after it and nowhere before, is no setting (dropped, so it cannot take another component's place).
  return out.replace(REPLACED, (whole, was: string, at: number) =>
    new RegExp(`(?<![\\d.])${was.replace(".", "\\.")}(?![\\d.])`).test(out.slice(0, at)) ? whole : "",
  );
}

/**
 * "Sorry, I meant …" restating part of the rule: "sorry, i meant 20 and 120, not 100", "sorry, i meant under 20,
 * the 25 was a typo", "sorry, i meant a 25-day low for the exit", "sorry, i meant the 150-day", "sorry, i meant
 * long when z < -2". With "not N" (or "the N was a typo") every earlier N becomes the new number (the one the
 * restatement adds); without it the new number replaces the earlier one of the same role: the same unit ("-day",
 * "-period", an ordinal) and the most words in common around it ("low", "z-score", "long when z <"), the last on a
 * tie. The correction sentence itself is dropped, so nothing is read twice.
 */
const MEANT =
  /(?:^|(?<=[.!?;,:]))\s*(?:oops|sorry|apologies)[\s,]+i\s+meant\s+([^.!?]*?(?:\d\.\d[^.!?]*?)*)(?:[.!?](?!\d)\s*|$)/g;
const NUMBER = /(?<![\w.])(-?\d+(?:\.\d+)?)((?:th|st|nd|rd)\b|-?(?:day|period|week|month|bar|session)s?\b)?/g;
const FILLER = new Set(["a", "an", "the", "i", "meant", "for", "of", "and", "not", "to", "at"]);

function wordsOf(text: string): string[] {
  return text.split(/[^a-z<>=-]+/).filter((w) => w && !FILLER.has(w) && !/^-?\d/.test(w));
}

function meant(text: string): string {
  let out = text;
  for (const m of [...text.matchAll(MEANT)].reverse()) {
    const said = m[1]!;
    const before = out.slice(0, m.index);
    const after = out.slice(m.index + m[0].length);
    const wasMatch = said.match(
      /,?\s*(?:not|instead\s+of|rather\s+than)\s+(?:the\s+)?(-?\d+(?:\.\d+)?)\b|,?\s*the\s+(-?\d+(?:\.\d+)?)\s+was\s+(?:a\s+)?(?:typo|mistake|wrong)/,
    );
    const stated = wasMatch ? said.slice(0, wasMatch.index) : said;
    const numbers = [...stated.matchAll(NUMBER)];
    if (numbers.length === 0) continue;
    const fresh = numbers.filter(
      (n) => !new RegExp(`(?<![\\d.])${n[1]!.replace(".", "\\.")}(?![\\d.])`).test(before),
    );
    const now = (fresh.at(-1) ?? numbers.at(-1))!;
    let fixed: string | undefined;
    const was = wasMatch?.[1] ?? wasMatch?.[2];
    if (was) {
      const pattern = new RegExp(`(?<![\\d.])${was.replace(".", "\\.")}(?![\\d.])`, "g");
      if (pattern.test(before)) fixed = before.replace(pattern, now[1]!);
    } else {
      const unitOf = (n: RegExpMatchArray) =>
        (n[2] ?? "")
          .replace(/^-/, "")
          .replace(/s$/, "")
          .replace(/^(?:th|st|nd|rd)$/, "ord");
      const unit = unitOf(now);
      const left = wordsOf(stated.slice(0, now.index));
      const right = wordsOf(stated.slice(now.index + now[0].length));
      let best: { at: number; length: number; score: number } | undefined;
      for (const c of before.matchAll(NUMBER)) {
        if (unitOf(c) !== unit) continue;
        const near = [
          ...wordsOf(before.slice(Math.max(0, c.index - 30), c.index)),
          ...wordsOf(before.slice(c.index + c[0].length, c.index + c[0].length + 30)),
        ];
        const score = [...left, ...right].filter((w) => near.includes(w)).length;
        if (!best || score >= best.score) best = { at: c.index, length: c[1]!.length, score };
      }
      if (best)
        fixed = `${before.slice(0, best.at)}${now[1]}${now[2] && unit === "ord" ? now[2] : ""}${before.slice(best.at + best.length).replace(/^(?:th|st|nd|rd)/, "")}`;
    }
    if (fixed === undefined) continue;
    out = `${fixed}${/[.!?]$/.test(fixed.trimEnd()) || !after ? "" : ". "}${fixed.endsWith(" ") || !after ? "" : " "}${after}`;
  }
  return out;
}

const REPLACED =
  /\s*(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+)?(?:(?:usual|default|standard|normal|classic|textbook)\s+)?(-?\d+(?:\.\d+)?)(?:\s*-?\s*(?:days?|periods?|bars?|sessions?|weeks?|months?))?\b/g;

/**
 * A decimal comma, as much of Europe writes it: "2,5 deviations", "z under -2,5", "0,5". Only where the comma
 * cannot be a list or thousands: one or two digits after it, no list going on either side ("12,26,9",
 * "BB(20,2)" and "1,000" stay), and the number signed, starting with 0, or a one-digit size in standard deviations
 * or after a preposition ("bb 20,2 std" is a window and a size).
 */
export function decimalCommas(text: string): string {
  return text.replace(
    /(?<![\d.,])(-|−|\bminus\s+)?(\d+),(\d{1,2})(?![\d]|,\d|\.\d)(?=(\s*-?\s*(?:standard|std|sd|sigma|σ|dev|deviation|z\b))?)/gi,
    (whole, sign: string | undefined, int: string, frac: string, sd: string | undefined, at: number) =>
      sign ||
      int === "0" ||
      (int.length === 1 && (sd || (frac.length === 1 && AFTER_PREPOSITION.test(text.slice(0, at)))))
        ? `${sign ? "-" : ""}${int}.${frac}`
        : whole,
  );
}

/**
 * A size after a preposition or its own name: "a deviation of 1,5", "bands at 2,5", "std dev 1,5", "k = 2,5". A list
 * there has spaces, a third item or two digits ("windows of 5, 10", "settings of 5,3,3", "averages of 5,10 and 20"),
 * and a window has two digits ("a window of 20,2 bands").
 */
const AFTER_PREPOSITION =
  /\b(?:of|at|to|by|with|is|around|about|near|than|std|sd|stdev|dev|devs|deviations?|sigma|σ|k|mult|multiplier)\s+$|=\s*$/i;

/**
 * An abbreviation spelled out letter by letter, as voice dictation writes it: "the seven day r s i", "m a c d",
 * "s.m.a." Only the names below are joined; other single letters ("a", "i") are left as words.
 */
const SPELLED = /\b[a-z](?:[\s.]+[a-z]){2,3}\b\.?/g;
const SPELLED_NAMES = new Set(["rsi", "sma", "ema", "macd", "dma", "atr", "roc", "etf"]);

/** The letters joined when they spell a name; of four letters, a name in the first or last three ("a s m a"). */
function spelled(whole: string): string {
  const letters = whole.replace(/[\s.]+/g, "");
  if (SPELLED_NAMES.has(letters)) return letters;
  if (letters.length === 4 && SPELLED_NAMES.has(letters.slice(1))) return `${letters[0]} ${letters.slice(1)}`;
  if (letters.length === 4 && SPELLED_NAMES.has(letters.slice(0, 3)))
    return `${letters.slice(0, 3)} ${letters[3]}`;
  return whole;
}

/** Normalised text with the spelled-out names joined ("the r s i" → "the rsi"). */
export function joinSpelled(text: string): string {
  return text.replace(SPELLED, spelled);
}

/** Words that give the number before them its unit ("50 day", "2 std", "3rd"); the longest form first. */
const UNIT_WORDS: Array<[string[], Unit]> = [
  [["standard", "deviations"], "sd"],
  [["standard", "deviation"], "sd"],
  [["standard", "devs"], "sd"],
  [["standard", "dev"], "sd"],
  [["std", "deviations"], "sd"],
  [["std", "deviation"], "sd"],
  [["std", "devs"], "sd"],
  [["std", "dev"], "sd"],
  [["basis", "points"], "bps"],
  [["trading", "days"], "day"],
  [["trading", "day"], "day"],
  ...(
    [
      ["day", "days", "d", "dma", "daily"],
      ["week", "weeks", "wk", "wks", "w"],
      ["month", "months", "mo", "mos", "m"],
      ["quarter", "quarters", "q"],
      ["year", "years", "yr", "yrs", "y"],
      ["bar", "bars", "period", "periods", "session", "sessions", "candle", "candles"],
      ["percent", "pct"],
      ["bps", "bp"],
      [
        "sd",
        "sds",
        "std",
        "stds",
        "stdev",
        "stdevs",
        "stddev",
        "stddevs",
        "sigma",
        "sigmas",
        "σ",
        "deviations",
        "devs",
      ],
      ["z"],
      ["st", "nd", "rd", "th"],
    ] as const
  ).flatMap((words, k) =>
    words.map(
      (w) =>
        [
          [w],
          (["day", "week", "month", "quarter", "year", "bar", "pct", "bps", "sd", "z", "ord"] as const)[k]!,
        ] as [string[], Unit],
    ),
  ),
];

const LEXEME = /(\d+(?:\.\d+)?)|([a-zσ]+)|(<=|>=|==|[<>=()/,&:;.%×+*\-$#?!|~])/g;

/** The normalised text as tokens; a number absorbs the unit word after it (a hyphen between is allowed). */
export function tokenize(normalised: string): Token[] {
  const raw: Token[] = [];
  for (const m of normalised.matchAll(LEXEME)) {
    const at = m.index;
    if (m[1]) {
      // A minus sign right before a number with no letter or digit before it is the number's sign: "below -2",
      // "(-1.5)"; "RSI-7" and "20-50" keep the hyphen as a joiner.
      const prev = raw.at(-1);
      const signed =
        prev?.kind === "op" &&
        prev.text === "-" &&
        prev.at === at - 1 &&
        !/[a-z0-9)]/.test(normalised[at - 2] ?? "");
      if (signed) raw.pop();
      raw.push({ kind: "num", value: (signed ? -1 : 1) * Number(m[1]), at: signed ? at - 1 : at });
    } else if (m[2]) raw.push({ kind: "word", text: m[2], at });
    else raw.push({ kind: "op", text: m[3]!, at });
  }
  const out: Token[] = [];
  const suspended: Array<Extract<Token, { kind: "num" }>> = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    // "the last quarter's return", "over the past year": one unit without a number is one of it.
    const prev = raw[i - 1];
    if (
      t.kind === "word" &&
      /^(?:week|month|quarter|year)$/.test(t.text) &&
      prev?.kind === "word" &&
      /^(?:last|past|previous|prior|trailing)$/.test(prev.text) &&
      // "our study last year", "the meeting last month", "the ticket from last week", "Last month we agreed …":
      // when something happened, not a span of prices.
      !(prev.text === "last" && happened(raw, i))
    ) {
      out.push({ kind: "num", value: 1, unit: t.text as Unit, at: t.at });
      continue;
    }
    // "over a quarter", "across one year": one of the unit after a span word.
    if (
      t.kind === "word" &&
      /^(?:week|month|quarter|year)$/.test(t.text) &&
      prev?.kind === "word" &&
      prev.text === "a" &&
      /^(?:over|across|throughout)$/.test((raw[i - 2] as { text?: string } | undefined)?.text ?? "")
    ) {
      out.push({ kind: "num", value: 1, unit: t.text as Unit, at: t.at });
      continue;
    }
    out.push(t);
    if (t.kind !== "num") continue;
    // "10- and 30-week averages", "the 5- or 20-day": a suspended hyphen takes the unit of the number after the
    // joiner (the hyphen is dropped so the two read as a joined pair).
    const joiner = raw[i + 2];
    const second = raw[i + 3];
    if (
      raw[i + 1]?.kind === "op" &&
      (raw[i + 1] as { text: string }).text === "-" &&
      joiner !== undefined &&
      joiner.kind !== "num" &&
      /^(?:and|or|to|&)$/.test(joiner.text) &&
      second?.kind === "num"
    ) {
      suspended.push(t);
      i++;
      continue;
    }
    if (raw[i + 1]?.kind === "op" && (raw[i + 1] as { text: string }).text === "%") {
      t.unit = "pct";
      i++;
      continue;
    }
    // "50-day": one hyphen may stand between the number and its unit.
    const skip = raw[i + 1]?.kind === "op" && (raw[i + 1] as { text: string }).text === "-" ? 1 : 0;
    for (const [words, unit] of UNIT_WORDS) {
      const follows = words.every((w, k) => {
        const next = raw[i + 1 + skip + k];
        return next?.kind === "word" && next.text === w;
      });
      if (!follows) continue;
      // A one-letter unit other than z must touch the number ("50d", "6m"); "buy 3 d" is not three days.
      const first = raw[i + 1 + skip] as { at: number; text: string };
      const touches = first.at === t.at + String(Math.abs(t.value)).length + (t.value < 0 ? 1 : 0);
      if (words[0]!.length === 1 && first.text !== "z" && !touches) continue;
      t.unit = unit;
      // "dma" is a unit and an indicator: the number is days and the word stays for the moving average.
      i += skip + (words[0] === "dma" ? 0 : words.length);
      break;
    }
  }
  for (const t of suspended) {
    const k = out.indexOf(t);
    const second = out[k + 2];
    if (second?.kind === "num" && second.unit && isPeriod(second)) t.unit = second.unit;
  }
  // A year is a date, never a setting: "since 2019", "in 1987", "retire in 2029" (the text keeps it for the
  // readers of dates, e.g. buy and hold "since 2005").
  return out.filter(
    (t) => !(t.kind === "num" && !t.unit && Number.isInteger(t.value) && t.value >= 1900 && t.value <= 2099),
  );
}

/**
 * "last week" at token i names when something happened: after a thing that happens ("the meeting last month"), a
 * preposition of time ("the ticket from last week", "since last year"), or opening a sentence whose subject
 * follows ("Last month we agreed …", "last week, the team …").
 */
function happened(raw: Token[], i: number): boolean {
  const before = (raw[i - 2] as { text?: string } | undefined)?.text ?? ".";
  const after = (raw[i + 1] as { text?: string } | undefined)?.text ?? "";
  return (
    /^(?:study|paper|analysis|research|test|backtest|meeting|call|trip|post|report|review|talk|conference|crash|chat|presentation|email|newsletter|issue|ticket|thread|message|request)$/.test(
      before,
    ) ||
    /^(?:from|since|until|till|before|after|during)$/.test(before) ||
    (/^[.!?;]$/.test(before) &&
      /^(?:,|i|we|you|he|she|they|my|our|your|the|a|someone|somebody|it)$/.test(after))
  );
}

/** Bars in a number of the given unit: weeks × 5, months × 21, quarters × 63, years × 252 trading days. */
export function bars(n: { value: number; unit?: Unit }): number {
  const per = { week: 5, month: 21, quarter: 63, year: 252 }[n.unit as string] ?? 1;
  return Math.round(n.value * per);
}

export const isPeriod = (n: { unit?: Unit }) =>
  n.unit === "day" ||
  n.unit === "week" ||
  n.unit === "month" ||
  n.unit === "quarter" ||
  n.unit === "year" ||
  n.unit === "bar";
