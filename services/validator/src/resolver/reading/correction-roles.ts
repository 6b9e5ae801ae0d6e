import { N, PER } from "./correction-kinds.ts";
import { MONTHS } from "./correction-markers.ts";

/**
 * The role words of a self-correction (issue 14, corrections.ts): which earlier value a correction names by the words
 * around it ("for the buy side", "the fast one", "the beta lookback"), read as roles so that different words for one
 * setting count as one.
 */
const FILLER = new Set("a an the i meant for of and not to at is on it that make use side level".split(" "));
/** The words that name one role, read as that role: "buy side" is the entry, "beta" the hedge, "lookback" the window. */
export const ROLES: Record<string, string> = {
  enter: "entry",
  in: "entry",
  "<": "lower",
  "<=": "lower",
  ">": "upper",
  ">=": "upper",
  entries: "entry",
  buy: "entry",
  buys: "entry",
  buying: "entry",
  bought: "entry",
  breakout: "entry",
  high: "entry",
  highest: "entry",
  long: "entry",
  exits: "exit",
  sell: "exit",
  sells: "exit",
  selling: "exit",
  sold: "exit",
  out: "exit",
  low: "exit",
  lowest: "exit",
  below: "lower",
  under: "lower",
  beneath: "lower",
  oversold: "lower",
  bottom: "lower",
  above: "upper",
  over: "upper",
  overbought: "upper",
  top: "upper",
  faster: "fast",
  short: "fast",
  shorter: "fast",
  quick: "fast",
  quicker: "fast",
  slower: "slow",
  longer: "slow",
  beta: "hedge",
  ratio: "hedge",
  lookback: "window",
  period: "window",
  length: "window",
  span: "window",
};
export const ROLE = new RegExp(
  String.raw`^(?:(?:<|>|<=|>=|=|the|an?|at|to|on|for|in|of|end|start|beginning|close|open|from|through|thru|until|till|into|by|less\s+than|more\s+than|greater\s+than|entry|exit|window|hedge|signal|stop|band|one|side|level|threshold|line|z|z-score|rsi|${Object.keys(ROLES).join("|")})\s+){1,4}$`,
);

const CLAUSE_END = /[,;:!?]|\.(?!\d)/;
export const kindOf = (unit = "") => unit.replace(/[\s-]|s$/g, "").replace(/^(?:th|st|nd|rd)$/, "ord");
// Numbers count as words: "50/200 … scratch that, use the 20/200" puts the 20 beside the 200, where the 50 was.
export const wordsOf = (text: string) => text.split(/[^a-z\d<>=-]+/).filter((w) => w && !FILLER.has(w));
const SETTING = new RegExp(String.raw`-?\d(?:[\d.]*\d)?|\b(?:${MONTHS})\b`, "g");
export const RIGHT_END =
  /\s(?:and|or|then|but|while)\s|(?<!\bthe\s)\b(?:buy|buying|sell|selling|enter|exit|go|below|above|under|over|cross\w*|when|whenever|if)\b/;
const roleOf = (w: string) => ROLES[w] ?? w;

/**
 * How many of a correction's words (roles read as one) stand around text[at, end): in its clause, from the value
 * before it to the next value or "and" ("buy below 20, sell above 70" and "buy under 10 and sell over 90" have no
 * "buy" around the 70 or the 90; "50/200" has the 200 beside the 50). A window, said of most settings, counts half.
 */
export function closeness(text: string, at: number, end: number, words: string[]) {
  const clause = (from: number, to: number) => text.slice(from, to).split(CLAUSE_END);
  const lefts = clause(0, at).pop()!.slice(-40);
  const left = lefts.slice([...lefts.matchAll(SETTING)].at(-1)?.index ?? 0);
  // To the right only what qualifies it ("60-day lookback", "35 on the buy side"), not the next setting's words.
  const rights = clause(end, end + 40)[0]!.split(RIGHT_END)[0]!;
  const next = [...rights.matchAll(SETTING)][0];
  const right = next ? rights.slice(0, next.index! + next[0].length) : rights;
  const near = new Set(wordsOf(`${left} ${right}`).map(roleOf));
  const roles = new Set(words.map(roleOf).filter((w) => near.has(w)));
  return [...roles].reduce((n, w) => n + (w === "window" ? 0.5 : 1), 0);
}

const PAIR = new RegExp(
  String.raw`(?<![\w.])(${N})(?:${PER})?(?:\s*(?:\/|\band\b|\bvs\.?|\bversus\b|\bover\b|,)\s*|\s+)(?:the\s+|an?\s+)?(${N})(?![\d.])`,
  "g",
);

const PLACES: Record<string, number> = { first: 0, second: 1, third: 2, middle: 1, last: -1 };
const SLASHED = new RegExp(String.raw`(?<![\w.\/])${N}(?:\/${N})+(?![\d\/]|\.\d)`, "g");

/**
 * A fast or slow setting named where the text gives a pair ("50/200", "10 and 30"): the fast is its smaller number,
 * the slow its larger, found by where each stands (a bonus to its closeness); a place in a slashed set, by its place.
 */
export function pairRoles(text: string, words: string[], kin: RegExpExecArray[]) {
  const bonus = new Map<number, number>();
  const roles = new Set(words.map(roleOf));
  // A place in a slashed set named: "the first number should be 8" of "12/26/9".
  const place = words.find((w) => Object.hasOwn(PLACES, w));
  if (place && words.some((w) => /^(?:number|value|parameter|setting|figure|one)s?$/.test(w)))
    for (const set of text.matchAll(SLASHED)) {
      const parts = [...set[0].matchAll(/-?\d+(?:\.\d+)?/g)];
      const part = parts.at(PLACES[place]!);
      if (part) bonus.set(set.index + part.index, 1);
    }
  // A role by its place in a slashed set: a MACD's "signal" is the third of three ("12/26/9 … signal 7"), an entry
  // the first of two and an exit the second ("Donchian 20/10 … entry channel 30", "RSI 30/70 … the exit at 75").
  const slot = roles.has("signal")
    ? 2
    : roles.has("entry") !== roles.has("exit")
      ? roles.has("entry")
        ? 0
        : 1
      : -1;
  if (slot >= 0)
    for (const set of text.matchAll(SLASHED)) {
      const parts = [...set[0].matchAll(/-?\d+(?:\.\d+)?/g)];
      if (parts.length === (slot === 2 ? 3 : 2)) bonus.set(set.index + parts[slot]!.index, 1);
    }
  if (!roles.has("fast") === !roles.has("slow")) return bonus;
  for (const p of text.matchAll(PAIR)) {
    const [a, b] = [Number(p[1]), Number(p[2])];
    const second = p.index + p[0].length - p[2]!.length;
    if (a === b) continue;
    bonus.set(roles.has("fast") === a < b ? p.index : second, 1);
  }
  // Two periods said apart ("the fifty simple crossing above the two hundred simple … make the fast one forty"):
  // the fast is the smaller of the numbers of its kind, the slow the larger.
  const values = new Set(kin.map((c) => Number(c[1])));
  if (bonus.size === 0 && values.size === 2) {
    const pick = (roles.has("fast") ? Math.min : Math.max)(...values);
    for (const c of kin) if (Number(c[1]) === pick) bonus.set(c.index!, 1);
  }
  return bonus;
}
