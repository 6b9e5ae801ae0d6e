import { correctSpelling } from "../../rules/spelling.ts";
import { CALQUES } from "./calques.ts";
import { contextNumbers } from "./context.ts";
import { corrections } from "./corrections.ts";
import { PERSON_NAMES, TRANSLATIONS } from "./lexicon.ts";
import { numbersInWords } from "./numbers.ts";
import { spokenLetters } from "./spoken.ts";

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
    barePeriods(
      contextNumbers(
        numbersInWords(
          correctSpelling(
            translate(decimalCommas(withoutNames(withoutMentions(concept))).toLowerCase())
              .replace(/[’']/g, "'")
              // A possessive is the word: "the last quarter's return", "Faber's rule".
              .replace(/(?<=[a-z])'s\b/g, "")
              .replace(/_/g, " ")
              .replace(/−/g, "-")
              // A hyphenated compound size is its words: "a 1.5-standard-deviation band", "the 20-trading-day high",
              // "25-basis-point fees" (the unit of two words is read apart, tokenize's UNIT_WORDS).
              .replace(
                /\b(standard|std|basis|trading)-(?=(?:deviations?|devs?|points?|days?|sessions?)\b)/g,
                "$1 ",
              ),
          ),
        ),
      ),
    ),
  );
}

/**
 * Moving averages named by their periods alone, a trader's shorthand: "buy when the 50 crosses the 200", "the 20
 * crosses back under the 100", "when the 10 is above the 30". Two bare numbers either side of a crossing (or
 * above/below) are the averages' periods, written "the 50-day average" so the reading sees a crossover (an EMA
 * when the text says so elsewhere). Not a number with a unit or a level ("crosses the 30 level", "above the 70%").
 */
export function barePeriods(text: string): string {
  const periods = (a: string, b: string) => Number(a) !== Number(b) && Number(a) >= 2 && Number(b) >= 2;
  const second = (_all: string, head: string, kind: string, b: string) => `${head}${b}-day ${kind}`;
  return text
    .replace(BARE_CROSS, (all, lead: string, a: string, verb: string, b: string) =>
      periods(a, b) ? `${lead}${a}-day average${verb}${b}-day average` : all,
    )
    .replace(BARE_PAIR, (all, lead: string, a: string, and: string, b: string) =>
      periods(a, b) ? `${lead}${a}-day average${and}${b}-day average` : all,
    )
    .replace(BARE_SECOND, second)
    .replace(/\bcross/.test(text) ? BARE_BESIDE_OR_AND : BARE_BESIDE, second)
    .replace(PAIR_CROSS, (all, a: string, ua = "", join: string, b: string, ub = "") =>
      periods(a, b) ? `${a}${ua || ub || "-day"} average${join}${b}${ub || ua || "-day"} average` : all,
    )
    .replace(BARE_PRICE, (_all, lead: string, a: string) => `${lead}${a}-day average`);
}
/** The price against one average named by its period: "hold while price is above the 200", "it closes under the 50". */
const BARE_PRICE =
  /(\b(?:price|prices|close|closes|closing price|it|stock|etf|index)\s+(?:(?:is|was|stays?|trades?|closes?|closed|holds?|remains?|goes|gets?|falls?|drops?|rises?|moves?|back|still)\s+){0,2}(?:above|over|below|under|beneath)\s+(?:its\s+|the\s+))(\d{2,3})(?![\d%]|[.,]\d|\s*-?\s*(?:days?|weeks?|months?|years?|bars?|periods?|sessions?|levels?|lines?|marks?|percent|pct|zone|threshold|sma|ema|ma|dma|average|dollars?|bucks|usd|rupees)\b|\s*\$)/g;
/** After a bare period: not a unit, a level or an indicator of its own ("the 30 level", "the 2 rsi", "the 70%"). */
const NOT_AN_AVERAGE = String.raw`(?![\d%]|[.,]\d|\s*-?\s*(?:days?|weeks?|months?|years?|bars?|periods?|sessions?|levels?|lines?|marks?|percent|pct|zone|threshold|sma|ema|ma|dma|wma|average|moving|rsi|macd|atr|roc|z|z-?score|std|sd|sigma|dollars?|bucks|usd|points?|pts|handles?)\b|\s*\$)`;
/** Between a bare period and its direction: a verb or two, not a new clause ("… and sell above the 20"). */
const MOTION = String.raw`(?:\s+(?!(?:and|or|then|buy|sell|but|exit|enter|if|when|while|until|so|rsi|macd)\b)[a-z']+){0,3}?\s+(?:cross(?:es|ed|ing)?|pierc(?:es|ed|ing)|cuts?|cutting|penetrat(?:es|ed|ing)|above|over|below|under|beneath|through)(?:\s+(?:back|up|down|above|over|below|under|through|from))*\s+(?:the\s+|its\s+)?`;
/** Either side of a crossing: "the 50 crosses the 200", "once the 13 pierces the 48 from below". */
const BARE_CROSS = new RegExp(
  String.raw`(\b(?:the|when|if|once|as|whenever|after|until)\s+(?:the\s+)?)(\d{1,3})${NOT_AN_AVERAGE}(${MOTION})(\d{1,3})${NOT_AN_AVERAGE}`,
  "g",
);
/** Named together before their cross: "when the 20 and the 50 cross up", "the 10 and 30 crossover". */
const BARE_PAIR =
  /(\b(?:the|when|if|once|as|whenever|after|until)\s+(?:the\s+)?)(\d{1,3})(\s+(?:and|&)\s+(?:the\s+)?)(\d{1,3})(?=\s+(?:(?:lines?|averages?|mas)\s+)?cross)/g;
/**
 * Two periods joined before a cross said as a noun, no average named: "a 10/40 crossover", "the 10 day vs the 40 day
 * crossover", "20 day 50 day cross", "10 and 40 day crossover" (a trader's shorthand for two moving averages). Not
 * after an indicator that has levels or settings of its own ("rsi 30/70 cross", "macd 12/26 crossover").
 */
const SPAN_UNIT = String.raw`(\s*-?\s*(?:days?|d|bars?|weeks?|wk|months?|sessions?))?`;
const PAIR_CROSS = new RegExp(
  String.raw`(?<!\b(?:sma|ema|dma|wma|ma|mas|smas|emas|dmas|averages?|rsi|macd|stoch\w*|z|z-?score|bb|bollinger|bands?|donchian|channel|atr|roc|cci|adx|williams|%r|k|d)\s*[(\[]?\s*(?:of\s+)?(?:the\s+)?)(?<![\d.,/-]\s*)\b(\d{1,3})${SPAN_UNIT}(\s*(?:\/|&|\band\b|\bvs\.?|\bversus\b|\bx\b|\bover\b)\s*(?:the\s+)?|\s+(?:the\s+)?(?=\d{1,3}\s*-?\s*(?:days?|d|bars?|weeks?|sessions?)\b))(\d{1,3})${SPAN_UNIT}(?=\s+cross(?:over|overs|ing|es)?\b)`,
  "g",
);
/**
 * The second of two averages left bare beside the first, not crossing it: "the 30 day average against the 100", "the
 * 20-day sma versus the 50" (with "and", only in a text about a cross: "the 30 day ma and the 100 cross").
 */
const BESIDE = "against|vs\\.?|versus|compared\\s+(?:to|with)";
/** Not a band's width: "the 20-day average and the 2 standard deviations". */
const NOT_A_WIDTH = String.raw`(?!\s*(?:standard|deviations?|times|x)\b)`;
/** The second of two averages left bare after the first and a joiner: the first average and joiner, then its period. */
const secondBare = (joiner: string, tail = "") =>
  new RegExp(
    String.raw`(\b\d{1,3}(?:[\s-]*(?:day|week|bar|period|session)s?)?[\s-]*(sma|ema|dma|wma|ma|average)\b${joiner})(\d{1,3})${NOT_AN_AVERAGE}${tail}`,
    "g",
  );
const BARE_BESIDE = secondBare(String.raw`\s+(?:${BESIDE})\s+(?:the\s+)?`, NOT_A_WIDTH);
const BARE_BESIDE_OR_AND = secondBare(String.raw`\s+(?:${BESIDE}|and|&|with)\s+(?:the\s+)?`, NOT_A_WIDTH);
/** The second of two averages left bare: "when the 21 ema crosses the 55", "the 50-day sma over the 200". */
const BARE_SECOND = secondBare(MOTION);

/**
 * Non-native wordings, dictation and misspelt names rewritten to the reading's words (lexicon.ts `TRANSLATIONS`),
 * after dictation's letter names are joined into the abbreviations they spell (spoken.ts) and literal translations
 * from other languages are rewritten (calques.ts).
 */
export function translate(text: string): string {
  return [...CALQUES, ...TRANSLATIONS].reduce(
    (out, [pattern, to]) => out.replace(pattern, to),
    spokenLetters(text),
  );
}

/** A chat's mention of a person or a room ("@channel", "@here", "@Dave"): no indicator's name ("channel"). */
const MENTION = /(?<![\w.@])@[a-z][\w.-]*/gi;

export function withoutMentions(text: string): string {
  return text.replace(MENTION, " ");
}

/** A person's name that reads as a rule's abbreviation ("Hey Tom," is no turn of the month), dropped. */
export function withoutNames(text: string): string {
  return PERSON_NAMES.reduce((out, [pattern, to]) => out.replace(pattern, to), text);
}

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
      // A unit of two words may be hyphenated too: "a 1.5-standard-deviation band", "2-std-dev".
      let at = i + 1 + skip;
      const follows = words.every((w, k) => {
        const hyphen = raw[at];
        if (k > 0 && hyphen?.kind === "op" && hyphen.text === "-") at++;
        const next = raw[at++];
        return next?.kind === "word" && next.text === w;
      });
      if (!follows) continue;
      // A one-letter unit other than z must touch the number ("50d", "6m"); "buy 3 d" is not three days.
      const first = raw[i + 1 + skip] as { at: number; text: string };
      const touches = first.at === t.at + String(Math.abs(t.value)).length + (t.value < 0 ? 1 : 0);
      if (words[0]!.length === 1 && first.text !== "z" && !touches) continue;
      t.unit = unit;
      // "dma" is a unit and an indicator: the number is days and the word stays for the moving average.
      i = words[0] === "dma" ? i + skip : at - 1;
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
