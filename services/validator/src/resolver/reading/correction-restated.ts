import { gap, mention, N, PER } from "./correction-kinds.ts";
import { kindOf, wordsOf } from "./correction-roles.ts";

/**
 * A pair or a clause said again whole after a correction's marker (issue 14, corrections.ts), naming what it replaces
 * by repeating its unchanged part: "20-day average crossing the 100-day: I mistyped that, it should be the 30-day
 * crossing the 100-day" (the 100 repeated, so the 30 replaces the 20, not the 100 its words stand nearer), "buy under
 * 30, sell over 70 … sorry, buy under 25, sell over 70", "MACD 12, 26 and 9 … I meant 12, 30 and 9". The values said
 * again are found in the same order before, each repeated one equal to the one it stands for, and the words between
 * them alike ("crossing" and "crossing the"; a bare comma for a bare comma), so the values changed go each in its
 * place.
 */
const VALUE = new RegExp(
  String.raw`(?<![\w.\/])(${N})(${PER})?(?![\w\/%]|\.\d|\s*(?:%|bps?\b|basis|percent|x\b))`,
  "g",
);
/** The units said between values, no word of the clause's own. */
const UNIT_WORD = new RegExp(`^(?:${PER})$`);
/** Words alike in a clause said twice: "crossing" and "crosses", "sell" and "selling". */
const alike = (a: string, b: string) => a.slice(0, 5) === b.slice(0, 5);

const wordsBetween = (text: string, a: RegExpExecArray, b: RegExpExecArray) =>
  wordsOf(gap(text, a, b)).filter((w) => !UNIT_WORD.test(w));

/**
 * The text before the correction with the changed values of the restated run put in their places, and where the run
 * ends in `stated`; undefined when `stated` is no such run (two to four values, one said before at least) or no run
 * before fits it (some of its values kept, some changed).
 */
export function restatedRun(before: string, stated: string) {
  const said = [...stated.matchAll(VALUE)];
  if (said.length < 2 || said.length > 4 || !said.some((v) => mention(v[1]!).test(before))) return undefined;
  // The run said again is one clause.
  if (said.some((v, k) => k > 0 && /[;:]|[.!?](?!\d)/.test(gap(stated, said[k - 1]!, v)))) return undefined;
  const olds = [...before.matchAll(VALUE)];
  let found: RegExpExecArray[] | undefined;
  for (let i = 0; i + said.length <= olds.length; i++) {
    const run = olds.slice(i, i + said.length);
    // Some values kept, some changed (a new value may be said elsewhere too: "… above the 5-day sma" and "< 5").
    const kept = run.map((o, k) => o[1] === said[k]![1]);
    if (!kept.some(Boolean) || kept.every(Boolean)) continue;
    const fits = run.every((o, k) => {
      const now = said[k]!;
      if (now[2] && o[2] && kindOf(now[2]) !== kindOf(o[2])) return false;
      if (k === 0) return true;
      const between = gap(before, run[k - 1]!, o);
      if (between.length > 60 || /[;]|[.!?](?!\d)/.test(between)) return false;
      const again = wordsBetween(stated, said[k - 1]!, now);
      const first = wordsBetween(before, run[k - 1]!, o);
      // Joined alike: a bare "," or "and" for one ("12, 30 and 9"), the clause's own words for words ("crossing"),
      // never a value beside a reason ("75, 80 hardly ever triggers" is no "under 25, sell over 80").
      return again.length === 0 ? first.length === 0 : again.every((w) => first.some((f) => alike(w, f)));
    });
    if (fits) found = run;
  }
  if (!found) return undefined;
  const fixed = found.reduceRight(
    (out, o, k) =>
      o[1] === said[k]![1]
        ? out
        : `${out.slice(0, o.index)}${said[k]![1]}${out.slice(o.index + o[1]!.length)}`,
    before,
  );
  const last = said.at(-1)!;
  return { fixed, length: last.index + last[0].length };
}
