import {
  mention,
  PER,
  replaceRun,
  replaceSet,
  SET_JOIN,
  SPOKEN_SPAN,
  slashedSet,
  spokenSpans,
  TOLD,
  TOLD_BEFORE,
} from "./correction-kinds.ts";
import {
  BACK,
  BARE_NO,
  CHOSEN_AFTER,
  CLAUSE,
  HESITATIONS,
  INSTEAD,
  KINDS,
  MONTHS,
  NAMED,
  NOT_THAT,
  NOUNS,
  OPEN,
  ORDINALS,
  RENAMED,
  SHOULD_HAVE,
  STRONG,
  UNPUNCTUATED,
  VALUE,
} from "./correction-markers.ts";
import { restatedRun } from "./correction-restated.ts";
import { KIND_WORDS, NUMBER, rewrite, valuesIn } from "./correction-rewrite.ts";
import { closeness, kindOf, RIGHT_END, ROLE, ROLES, wordsOf } from "./correction-roles.ts";

/**
 * A writer's self-corrections (issue 14), read by one reader: find the correcting phrase, decide which earlier
 * number (or moving average's kind) it replaces, rewrite that one in its place and drop the phrase, so nothing is
 * read twice. The phrases: a marker and a value ("actually make that 15 not 10", "sorry, 25", "rsi 14 no wait 21",
 * "scratch that, make it 30", "correction: the exit is at 60, not 75, for the sell side"), or after a restating
 * marker ("I meant", "that's wrong") a clause to its sentence's end ("sorry, I meant a 15-day low for the exit");
 * "change the 200 to 150", "replace EMA with SMA"; "(use) 21 instead of 14". The value replaced is the one named
 * ("not Y", "instead of Y", "the Y was a typo": each earlier mention), else the earlier number of the same kind
 * (unit, ordinal; any kind when none is) with the most words in common around it, the nearest on a tie. "actually",
 * "wait", "I mean", "edit" also start plain sentences: they correct only a named Y or the number right before them
 * ("fourteen I mean twenty one"); a clause corrects only with one new number or a named Y; "instead of Y" with Y
 * said nowhere before is a default replaced ("a 5-day signal line instead of 9") and only drops itself.
 *
 * By kind, so the reading carries to wordings nobody wrote: the value replaced may be named before the new one
 * ("scratch the 30, make it 40") or in a reason before or after it ("20 is too twitchy", "a window of 10 is too
 * noisy, I meant 30"); a role named (entry/exit, buy/sell side, fast/slow, lower/upper, beta/hedge, lookback) picks
 * the setting by the words around each earlier value, roles read as one ("buy side" = "buy below 30"), a pair's fast
 * its smaller number; months, slashed sets ("12/26/9") and spans of months are values too; second thoughts ("on
 * second thought", "hmm", "wait no", "minor fix:") are markers. A corrected symbol is dropped by
 * `symbolCorrections` (symbol-corrections.ts), which findSymbols calls on the original text (case tells a ticker
 * there).
 *
 * The grammar, whose words are in correction-markers.ts: a marker (an apology, a second thought, a notice with who
 * made it or when before its colon, "Correction from Jo at the end:", "Edit 2:", a past act, "Leo corrected it by mail
 * after the meeting:", anyone's "meant"), what is replaced (a value named before or after the new one, "not 120
 * days, make …", "lookback 60 should be 120", "for 30 read 25"; role words, correction-roles.ts; a place in a set;
 * the same unit), then the new value or values (several for as many said together, "Sam meant 8 and 34",
 * correction-kinds.ts). A setting changed by its role's words ("later changed the hedge ratio to 1.2"), "the Y
 * should have been X" and "asked for X instead" need no marker. A wrong value told as written elsewhere before a
 * marker calling it wrong goes whole when the right one is already in the rule. A pair or clause said again whole
 * names what it replaces by repeating its unchanged part ("it should be the 30-day crossing the 100-day",
 * correction-restated.ts), and a span of time said in words is a value in its unit ("a year, not 6 months",
 * correction-kinds.ts `spokenSpans`). Notes and threads announce one too ("Follow-up from Dana:", "Raj later:", "per
 * the follow-up call", "after discussion we settled on"). The value replaced is found and rewritten in the text before
 * the correction by correction-rewrite.ts.
 */
const NOUN_AT_END = new RegExp(`\\b(${NOUNS})$`);
const KIND_FIRST = new RegExp(`^(${KINDS})\\b`);
const CLAUSE_AT = new RegExp(`\\b(?:${CLAUSE})`);
const STRONG_AT = new RegExp(`\\b(?:${STRONG})`);
const HESITATION_FIRST = new RegExp(`^(?:${HESITATIONS})\\b`);
const CORRECTION = new RegExp(
  [
    String.raw`(?:(?<=^|[.!?,;:—–(-]\s*|\d\s+|(?:\d|\b(?:${ORDINALS})(?:[\s-]+to[\s-]+last)?)[\s-]*(?:trading\s+)?(?:days?|weeks?|months?|bars?|periods?|sessions?)(?:\s+of\s+(?:the|each|every)\s+month|\s+(?:moving\s+)?(?:${NOUNS}|mas?|smas?|emas?))?\s+|\b(?:${KINDS}|${MONTHS})\s+)|(?<=[a-z]\s+)(?=${UNPUNCTUATED}))(?<mark>(?:(?:${STRONG}|${BARE_NO}|actually|edit|wait|i\s+mean|${HESITATIONS}|ugh|oh)(?:\b|(?<=\)))(?:[\s,:;.!]|-(?!\d))*)+)(?<open>${OPEN})?`,
    String.raw`\b(?:change|switch|swap|replace)\s+(?:the\s+|an?\s+)?(?<from>${VALUE})(?:${PER})?\s+(?:to|with|for)\s+(?:the\s+|an?\s+)?(?<to>${VALUE})(?:${PER})?`,
    String.raw`(?:\b(?:use|make\s+(?:it|that)|go\s+with)\s+(?:the\s+|an?\s+)?)?(?:(?<x>${VALUE})(?:${PER})?|(?<xs>${SPOKEN_SPAN}))?(?=\s*,?\s*(?:instead\s+of|rather\s+than|in\s+place\s+of|not\s+(?:the\s+)?(?:usual|default|standard|normal|classic|textbook)\b)\s)`,
    RENAMED,
    SHOULD_HAVE,
    INSTEAD,
    NOT_THAT,
  ].join("|"),
  "g",
);
const SIDE =
  /^,?\s*(?:for|on|in)\s+the\s+(?:buy|sell|entry|exit|lower|upper|fast|slow|long|short)\b(?:\s+(?:side|one|level|threshold|leg|line|band|average))?/;
/**
 * A reason given for dropping a value names it, before or after the new one: "make it 40, the 30 was whipsawing",
 * "35 on the buy side, 30 was last quarter's", "a window of 10 is too noisy, I meant 30", "20 is too twitchy".
 */
const REASON = new RegExp(
  String.raw`(?<=^|[,;(]\s*|\s)(?:(?:and|since|because|as|cause|cos)\s+)?(?:the\s+|an?\s+(?:[a-z-]+\s+of\s+)?)?(?<y>${VALUE})(?:${PER})?(?:\s+(?:one|version|setting|value|number|window|period|level|threshold))?\s+(?:was\b|(?:[a-z']+\s+){0,3}?(?:too|wrong|a\s+typo|a\s+mistake|noisy|jumpy|twitchy|choppy|laggy|stale|outdated|useless|pointless|overfit\w*|whipsaw\w*|the\s+whole\s+point)\b)(?:[^,;.!?]|\.\d)*`,
  "g",
);
/** The rule said again after a correction, with no stop between: "… under 5 sell when it closes above the 5 day". */
const RUN_ON = /\s(?=(?:buy|sell|enter|exit|go\s+(?:long|short|flat|to\s+cash)|when|whenever|if)\b)/;
const CONTINUED = new RegExp(
  String.raw`^\s*(?:[,;]\s*)?(?:and\s+)?(?=(?:(?:<|>|<=|>=|the|at|to|on|for|entry|exit|${Object.keys(ROLES).join("|")})\s+){1,3}-?\d)`,
);
const MONTH_SPAN = new RegExp(
  String.raw`^\b(?:${MONTHS})\s*(?:to|through|thru|till|until|and|-|–)\s*(?:the\s+end\s+of\s+)?(?:${MONTHS})\b`,
);

/** The correction found at `m`: the text before it rewritten, where it ends, and whether it is a bare value. */
function correct(text: string, m: RegExpExecArray) {
  const {
    mark,
    open = "",
    gone,
    role,
    was: wasValue,
    now: nowValue,
    per,
    alt,
    altPer,
    nx,
    nxPer,
  } = m.groups!;
  // A span of time in words for the value: "use a year instead of 6 months", "a year, not 6 months".
  const spokenX = m.groups!.xs ?? m.groups!.nxs;
  const sx = spokenX ? /^(\d+)\s+([a-z]+)/.exec(spokenSpans(spokenX)) : null;
  const x = m.groups!.x ?? nx ?? sx?.[1];
  const xPer = nxPer ?? (sx ? ` ${sx[2]}` : "");
  const from = m.groups!.from ?? m.groups!.old;
  const to = m.groups!.to ?? m.groups!.new;
  const at = m.index + m[0].length;
  let before = text.slice(0, m.index);
  const span = (fixed: string | undefined, end: number, bare = true, more = false) =>
    fixed === undefined ? undefined : { fixed, end, bare, more };
  if (from) return span(rewrite(before, [to!], from), at);
  if (alt) return span(rewrite(before, [alt, altPer ?? ""]), at);
  // "changed the hedge ratio to 1.2": the setting its role's words stand around (one at least).
  // Not in a story of the change, its old values told as said ("he first wrote 8 and 21, then corrected the fast one
  // to 9"): those are read as a story (context.ts).
  if (role) {
    const sentence = before.slice(before.search(/[^.!?]*$/));
    if (TOLD.test(sentence) || /\b(?:first|originally|initially)\b/.test(sentence)) return undefined;
    return span(rewrite(before, [nowValue!, per ?? ""], wasValue, wordsOf(role), 1), at);
  }
  if (mark === undefined) {
    const named = text.slice(at).match(NAMED);
    if (!named?.[1] || named.index !== 0) return undefined;
    if (x && mention(named[1]).test(before))
      return span(rewrite(before, [x, xPer], named[1]), at + named[0].length);
    // "entry 55 not 40" with no 40 said before is no correction.
    if (nx) return undefined;
    // "Instead of the 200, use the 150": the value replaced named first, the new one chosen after it.
    const chosen = CHOSEN_AFTER.exec(text.slice(at + named[0].length));
    if (!x && chosen && mention(named[1]).test(before))
      return span(
        rewrite(before, [chosen[1]!, chosen[2] ?? ""], named[1]),
        at + named[0].length + chosen[0].length,
      );
    // A default number replaced, or nothing said to replace: only "instead of Y" goes.
    return /\d/.test(named[1]) ? span(text.slice(0, at), at + named[0].length) : undefined;
  }
  const stop = text.slice(at).search(/[.!?](?!\d)|$/);
  // A span of time said in words is a value: "the lookback should be a year, not 6 months" (correction-kinds.ts).
  const said = spokenSpans(text.slice(at, at + stop));
  const named = said.match(NAMED);
  // … and so is one named as the value replaced: "6 months, not a year" (only that one is rewritten before).
  const spoken =
    named?.[1] && /^\d/.test(named[1]) && !mention(named[1]).test(before) && spokenSpans(before, named[1]);
  if (spoken && mention(named![1]!).test(spoken)) before = spoken;
  // A kind said right after the marker replaces the other kind just said: "the 50 ema er sma", "ema, no sorry,
  // sma of 30 days" ("sma not ema" names the one it replaces and is read below).
  const kind = KIND_FIRST.exec(said);
  const kinds = [...before.slice(-40).matchAll(KIND_WORDS)].filter((k) => k[1] !== kind?.[1]);
  if (kind && !named && kinds.length > 0 && kindOf(kind[1]) !== kindOf(kinds.at(-1)![1]))
    return span(rewrite(before, [kind[1]!], kinds.at(-1)![1]), at + kind[0].length);
  // A reason naming a value said before, with another value beside it: blanked, so its value is not read as new.
  const reason = named
    ? undefined
    : [...said.matchAll(REASON)].find(
        (r) =>
          mention(r.groups!.y!).test(before) &&
          valuesIn(`${said.slice(0, r.index)} ${said.slice(r.index + r[0].length)}`, r.groups!.y, before)
            .length,
      );
  // The value the writer said elsewhere, named as the wrong one: "Correction: I said 20 in the standup, it's 25".
  const told = named || reason ? undefined : TOLD.exec(said);
  const toldHere = told !== undefined && told !== null && mention(told[1]!).test(before);
  const was =
    gone ??
    named?.[1] ??
    named?.[2] ??
    named?.[3] ??
    named?.[4] ??
    reason?.groups?.y ??
    (toldHere ? told[1] : undefined);
  const blank = (m: RegExpExecArray | RegExpMatchArray) =>
    `${said.slice(0, m.index)}${" ".repeat(m[0].length)}${said.slice(m.index! + m[0].length)}`;
  // The value replaced named before the new one: "not 120 days, make the z window 90", "the 4 was a typo in the
  // deck, it is the 3rd", "lookback 60 should be 120" (the new value after it, to the sentence's end).
  const beforeNamed = named ? valuesIn(said.slice(0, named.index), was, before) : [];
  const namedFirst = named && beforeNamed.length === 0;
  const stated = named
    ? namedFirst
      ? blank(named)
      : said.slice(0, named.index)
    : reason
      ? blank(reason)
      : told
        ? blank(told)
        : said;
  const values = named && !namedFirst ? beforeNamed : valuesIn(stated, was, before);
  const fresh = values.filter((v) => !mention(v[1]!).test(before));
  // The wrong value told right before a marker that calls it wrong, the right one already in the text or none said:
  // "The intake form says 8/21/9, that is a typo, 17 is correct" goes whole.
  const back = BACK.test(mark) || /\bmeant\b/.test(mark) ? TOLD_BEFORE.exec(before) : null;
  const rule = back ? before.slice(0, back.index) : "";
  const toldInRule = back !== null && mention(back[1]!).test(rule);
  if (back && fresh.length === 0 && !toldInRule) return span(rule, at + stop + 1, false);
  // … or the right one said after it, the wrong one also in the rule: "I typed 30 but meant 25".
  if (back && fresh.length === 1 && !back[1]!.includes("/") && toldInRule) {
    const fixed = rewrite(rule, [fresh[0]![1]!, fresh[0]![2] ?? ""], back[1]);
    if (fixed !== undefined) return span(fixed, at + fresh[0]!.index! + fresh[0]![0].length);
  }
  const now = fresh[0] ?? values.at(-1);
  if (!now) return undefined;
  // A set replaced by a set, each value in its place (correction-kinds.ts).
  const parts = was?.split(SET_JOIN) ?? [];
  if (parts.length > 1 && values.length >= parts.length) {
    const last = values[parts.length - 1]!;
    const end = named ? named.index! + named[0].length : last.index! + last[0].length;
    const set = replaceSet(
      before,
      parts,
      values.slice(0, parts.length).map((v) => v[1]!),
    );
    return set === undefined ? undefined : span(set, at + end);
  }
  // The wrong value was said elsewhere and the right one is already in the text: nothing to rewrite, only the
  // correction goes.
  if (told && !toldHere && fresh.length === 0) return span(before, at + stop + 1, false);
  // A set written with slashes for one written so, its first numbers repeated ("16/35/9 - no wait, 16/35/12").
  const set = was ? undefined : slashedSet(stated, before);
  // "use 8/17/9 instead": the word saying it replaces goes with it.
  if (set)
    return span(
      set.fixed,
      at + set.length + (stated.slice(set.length).match(/^\s*(?:instead|then)\b/)?.[0].length ?? 0),
    );
  // Several new values said together for as many before: "corrected after the meeting, Sam meant 8 and 34".
  const run = was || fresh.length < 1 ? undefined : replaceRun(before, stated, fresh);
  if (run) return span(run.fixed, at + run.length);
  // A pair or clause said again whole, its unchanged value repeated: "it should be the 30-day crossing the 100-day"
  // (correction-restated.ts).
  const again = was ? undefined : restatedRun(before, stated);
  if (again) {
    // The rest of its sentence goes too when it only repeats words said before ("… above the 200-day sma").
    const tail = text.slice(at + again.length, at + stop);
    const repeats = !/\d/.test(tail) && wordsOf(tail).every((w) => before.includes(w));
    return span(again.fixed, repeats ? at + stop + 1 : at + again.length);
  }
  const meant = CLAUSE_AT.test(mark);
  const restates = meant || /\b(?:is|be|comes|happens)\b/.test(open);
  const lead = stated.slice(0, now.index);
  const led = !restates && lead !== "" && ROLE.test(lead);
  // Led by its role's words, only what qualifies the value goes with them: "buy under 5 and sell over 80".
  const right = stated.slice(now.index! + now[0].length);
  const roleWords = wordsOf(`${open} ${lead} ${led ? right.split(RIGHT_END)[0] : right}`);
  // A level's side named ("rsi below 5", "z under -2.5") picks the level, not the indicator's own period beside its
  // name ("rsi(2) < 10"): the indicator's name is dropped from the words then.
  const level = roleWords.some((w) => /^(?:below|under|beneath|above|over|<|<=|>|>=)$/.test(w));
  const words = level ? roleWords.filter((w) => !/^(?:rsi|z|z-?score|zscore|macd)$/.test(w)) : roleWords;
  const fixed = (least = 0) => rewrite(before, [now[1]!, now[2] ?? ""], was, words, least);
  // "uh, 12-month I mean": the marker said after the value too.
  const trailing = /^\S*\s*,?\s*(?:i\s+mean|i\s+meant|sorry|instead|rather|actually)[\s,.!]*$/.test(
    stated.slice(now.index! + now[0].length),
  );
  const strong =
    // (A marker that looks ahead, "make that 3", is read with what follows it.)
    (STRONG_AT.exec(`${mark}${said}`)?.index ?? mark.length) < mark.length ||
    /^(?:make|set|change|put|let|i'?d|i\s+would|we)/.test(open) ||
    trailing;
  // A value right after the marker, after "the" when no clause is restated ("sorry, the 40-day sma"), or after the
  // words of the role it sets ("sorry, under 5", "make the beta lookback 90").
  // After a plain "actually"/"wait", a value led by its role's words corrects where those words stood before ("hold
  // above the 200-day. actually above the 150-day"), not a setting they name anew ("actually sell below the 50-day").
  const restated = led && rewrite(before, [now[1]!, now[2] ?? ""], undefined, words, 1) !== undefined;
  // A hesitation or a bracket corrects a number a word or two back: "the 150 sma (uh, 180)", "20 day, erm, 25".
  const hesitant =
    (HESITATION_FIRST.test(mark) || /\(\s*$/.test(before)) &&
    /\d(?:th|st|nd|rd)?(?:[\s-]+[a-z]+){0,2}\s*[,(—–-]?\s*$/.test(before);
  if (
    (!lead || led) &&
    (was || strong || restated || hesitant || /\d(?:th|st|nd|rd)?\s*[,—–-]?\s*$/.test(before))
  ) {
    // A span of months for a span of months ("out from may to october … out from june to september").
    const span2 = was ? null : stated.slice(now.index).match(MONTH_SPAN);
    const spans = span2 ? [...before.matchAll(new RegExp(MONTH_SPAN.source.slice(1), "g"))] : [];
    const was2 = spans.at(-1);
    if (span2 && was2)
      return span(
        `${before.slice(0, was2.index)}${span2[0]}${before.slice(was2.index + was2[0].length)}`,
        at + now.index! + span2[0].length,
      );
    const after = now.index! + now[0].length;
    let end = at + after + (named?.index === after ? named[0].length : 0);
    end += text.slice(end).match(SIDE)?.[0].length ?? 0;
    // A reason after the value goes with it ("35 on the buy side, 30 was last quarter's").
    if (reason && reason.index >= after) end = Math.max(end, at + reason.index + reason[0].length);
    // The rest of its sentence goes too when it only repeats words said before ("the 6th trading day").
    const tail = text.slice(end, at + stop);
    const repeats = trailing || (!/\d/.test(tail) && wordsOf(tail).every((w) => before.includes(w)));
    // "sorry: buy under 5 and sell over 80": the next setting, led by its role's words, is corrected as well.
    // Only a correction opening its sentence goes on so; mid-sentence ("below 15, sorry, below 10, sell above 80")
    // the text after it is the rule again.
    // And only when what it names was said before: "buy under 10. Sorry, buy under 5, sell over 80" adds the sell.
    const next = text.slice(end, at + stop);
    const done = fixed();
    const roles = wordsOf(next.match(/^[^\d]*/)![0]);
    const more =
      led &&
      !repeats &&
      done !== undefined &&
      /(?:^|[.!?:])\s*$/.test(before) &&
      CONTINUED.test(next) &&
      [...done.matchAll(NUMBER)].some((c) => closeness(done, c.index, c.index + c[0].length, roles) >= 1);
    return span(done, repeats ? at + stop + 1 : end, true, more);
  }
  // A restated clause run on into the rule with no stop, as dictation says it ("scratch that under 5 sell when it
  // closes above the 5 day average"): the correction is its first clause, the rule goes on after it.
  const cut = right.search(RUN_ON);
  const ran = cut < 0 ? [] : fresh.filter((v) => v.index! >= now.index! + now[0].length + cut);
  // Restated without "I meant"/"that's wrong", it must share a word with what it restates ("forgot: the exit is …").
  if (!was && !(restates && fresh.length - ran.length === 1)) return undefined;
  // "that should be the 120-day": the pronoun names what was just said, no word need be shared.
  const least = meant || /^(?:that|this|it)\b/.test(open) ? 0 : 1;
  if (ran.length) return span(fixed(least), at + now.index! + now[0].length + cut);
  return span(fixed(least), at + stop + 1, false);
}

/** The text with each self-correction applied once, in the order written, and dropped. */
export function corrections(text: string): string {
  let out = text;
  CORRECTION.lastIndex = 0;
  for (let m = CORRECTION.exec(out); m; m = CORRECTION.exec(out)) {
    const c = correct(out, m);
    CORRECTION.lastIndex = m.index + 1;
    if (!c) continue;
    let pre = c.fixed.replace(c.bare ? /[\s,;:.!?—–-]*$/ : /[\s,;:—–-]*$/, "");
    let after = out.slice(c.end);
    // A correction in parentheses, "(oops, 25)", "(sorry, 30 not 20)": its brackets go with it.
    if (/\(\s*$/.test(pre)) {
      pre = pre.replace(/\s*\(\s*$/, "");
      after = after.replace(/^\s*\)/, "");
    }
    // A sentence ended before the correction or with it: what follows starts a sentence.
    const ended = /[.!?]$/.test(out.slice(0, c.end)) || /[.!?]\s*$/.test(c.fixed);
    // The noun said with both values stays once: "the 20 day average no sorry the 30 day average" (the old value's
    // noun is kept in place, the new one's is dropped).
    const noun = NOUN_AT_END.exec(pre)?.[1];
    const unsaid = noun ? after.replace(new RegExp(String.raw`^\s*${noun}\b`), "") : after;
    const rest = c.more
      ? `, sorry, ${unsaid.replace(CONTINUED, "")}`
      : unsaid.replace(ended ? /^[\s,;:]*/ : /^\s*/, "");
    out = `${pre}${!rest || /^[,;:.!?]/.test(rest) ? "" : ended && !/[.!?]$/.test(pre) ? ". " : " "}${rest}`;
    CORRECTION.lastIndex = pre.length;
  }
  return out;
}
