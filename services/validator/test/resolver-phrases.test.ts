import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveStrategy } from "../src/resolver/resolve.ts";
import { here } from "./helpers.ts";

interface Phrase {
  text: string;
  expect: string;
  params?: Record<string, number>;
  symbols?: string[];
}
const setOf = (file: string) =>
  (JSON.parse(readFileSync(join(here, "fixtures", "resolver", file), "utf8")) as { phrases: Phrase[] })
    .phrases;
const phrases = setOf("phrases.json");
/**
 * Phrasings written before the matcher was changed for them and committed alone (see each file's "about"):
 * first scores when committed: held-out.json 27/50, held-out-2.json 33/38, held-out-3.json 27/30,
 * held-out-4.json 33/44, held-out-5.json 22/32 (the regex matcher), held-out-6.json 51/70 (the regex matcher, and
 * the structured reading of resolver/reading/ too, which was built before its phrases were read), held-out-7.json
 * 60/70 (the structured reading at 34fb742, after held-out-6's fixes; written by a helper who read neither),
 * held-out-8.json 66/70 (at 8de0142, after held-out-7's fixes; written blind by another helper), held-out-9.json
 * 66/70 (at 608ce5b, after held-out-8's fixes; written blind by a third), held-out-10.json 53/70 and held-out-11.json
 * 63/70 (at c92c202, after held-out-9's fixes; written blind by two more: e-mails, long forum posts, pseudo-code and
 * non-native English; book summaries, beginners' questions and voice commands), held-out-12.json 57/60 and
 * held-out-13.json 44/60 (at a968307, after held-out-10/11's fixes; search-box queries; complete back-test tickets
 * and if/then rules with the numbers in words), held-out-14.json 63/70, held-out-15.json 38/70 and held-out-16.json 64/70
 * (at 6133ee3, after held-out-13's fixes; chat and social posts; code pasted from Pine Script, pandas, vectorbt,
 * backtrader, AmiBroker, EasyLanguage, Excel and SQL; a researcher's questions with dates, fees and periods);
 * held-out-17.json 57/70, held-out-18.json 63/70, held-out-19.json 55/70 and held-out-20.json 59/70 (234/280 at
 * a30d9b4, the resolver of 6133ee3; written blind at the same time as 14-16 and kept sealed while 13-16 were fixed:
 * research-journal hypotheses and notes on books; one-box concept strings; forum pastes, non-native English and
 * video titles; precise one-or-two-sentence specifications), then 59, 65, 58 and 62 of 70 (244/280) at 6fbd7b6,
 * after the fixes of 13-16 and the code reading, none made for them; held-out-21.json 58/70, held-out-22.json 65/70,
 * held-out-23.json 65/70 and held-out-24.json 57/70 (245/280 at de8f988, after 13-16's fixes; written blind while
 * 17-20 were being fixed and kept sealed: trading books paraphrased; forum posts; one-box concept strings; a mixed
 * sample of registers), then 59, 65, 67 and 58 of 70 (249/280, 88.9 %) at d4792b1, after 17-20's fixes, none made
 * for them; held-out-25.json 67/70, held-out-26.json 65/70, held-out-27.json 68/70 and held-out-28.json 66/70
 * (266/280 at 4f32ddd, the resolver of d4792b1; written blind while 21-24 were fixed and kept sealed: books, notes
 * and newsletters; a mixed sample of registers; one-box concept strings; forum and chat posts), then 68, 66, 68 and
 * 68 of 70 (270/280, 96.4 %) at dad9dfd, after 21-24's fixes, none made for them; held-out-29.json 68/70,
 * held-out-30.json 65/70, held-out-31.json 69/70 and held-out-32.json 69/70 (271/280 at def8112, the resolver of
 * dad9dfd; written blind while 25-28 were fixed and kept sealed: precise specifications and tickets; a researcher's
 * questions; social media and chat; books, courses and blogs paraphrased), then 69, 65, 69, 69 (272/280, 97.1 %) at
 * 028d88c after 25-28's fixes; held-out-33.json 68/70, held-out-34.json 64/70, held-out-35.json 53/70 and
 * held-out-36.json 53/70 (238/280, 85.0 %, at 028d88c; written blind while 25-28 were fixed: one-box strings; a mixed
 * sample of registers; non-native English and voice dictation; long messages with the rule buried in context);
 * held-out-37.json 66/70, held-out-38.json 57/70, held-out-39.json 67/70 and held-out-40.json 62/70 (252/280, 90.0 %,
 * at ecebb3d, the resolver of 028d88c; written blind while 33-36 were fixed and kept sealed, each a mix of genres:
 * one-box strings and questions; long messages with names, story numbers and corrections; non-native English,
 * dictation and chat; specifications, code and books), then 67, 59, 67 and 62 (255/280, 91.1 %) at 6ac6fc1, after
 * 33-36's fixes, none made for them; held-out-41.json 69/70, held-out-42.json 62/70, held-out-43.json 61/70 and
 * held-out-44.json 69/70 (261/280, 93.2 %, at f2b85c7, after 37-40's fixes; written blind in the fifth session, each
 * a mix of genres: one-box strings and questions; long messages and non-native English; specifications, code and
 * books; chat and dictation); held-out-45.json 60/70, held-out-46.json 53/70, held-out-47.json 57/70 and held-out-48.json
 * 67/70 (237/280, 84.6 %, at abd3f72; written blind while 41-44 were fixed and kept sealed, in the same four mixes of
 * genres), then 65, 57, 59 and 67 (248/280, 88.6 %) at 543077a, after 41-44's fixes, none made for them;
 * held-out-49.json to held-out-56.json (written blind while 41-48 were fixed and kept sealed, in the same four mixes
 * of genres, 53-56 with beginners, other languages and more dialects): 70, 67, 63, 66, 67, 61, 65 and 68 of 70
 * (527/560, 94.1 %) at eec04de, after 41-44's fixes, then 70, 68, 62, 67, 67, 61, 65 and 69 (529/560, 94.5 %) at
 * a199d03, after 45-48's fixes, none made for them; held-out-57.json to held-out-60.json (written blind while 49-56
 * were fixed and kept sealed, in the same four mixes of genres): 70, 64, 61 and 63 of 70 (258/280, 92.1 %) at 580d2f5,
 * then 70, 65, 61 and 64 (260/280, 92.9 %) at 8b9f794, after 49-56's fixes, none made for them;
 * held-out-61.json to held-out-64.json (written blind on 2026-12-02 before 58-60's misses were fixed, in the same four
 * mixes of genres): 70, 61, 65 and 68 of 70 (264/280, 94.3 %) at 7da7063, none made for them; held-out-65.json to
 * held-out-68.json (written blind on 2026-12-02 with 61-64 and kept sealed while 58-64 were fixed, in the same four
 * mixes of genres): 70, 67, 63 and 67 of 70 (267/280, 95.4 %) at 7da7063, then 70, 67, 65 and 67 (269/280, 96.1 %) at
 * 69391dc, after 58-64's fixes, none made for them; held-out-69.json to held-out-72.json (written blind on 2026-12-02
 * with 61-68 and kept sealed while 58-68 were fixed, in the same four mixes of genres): 69, 60, 66 and 64 of 70
 * (259/280, 92.5 %) at 7da7063, then 69, 60, 66 and 66 (261/280, 93.2 %) at 69391dc after 58-64's fixes, and the
 * same 261/280 at 04977b9 after 65-68's fixes and the lead's own, none made for them; held-out-73.json to
 * held-out-76.json (written blind on 2026-12-02 in the seventh session, in the same four mixes of genres, before any
 * fix of it): 70, 63, 66 and 69 of 70 (268/280, 95.7 %) at c89130d, none made for them; held-out-77.json to
 * held-out-80.json (written blind with 73-76 and kept sealed while 70-76 were fixed): 70, 62, 64 and 70 of 70
 * (266/280, 95.0 %) at c89130d, then 70, 65, 65 and 70 (270/280, 96.4 %) at 8d88d46 after 70-76's fixes, none made
 * for them; held-out-81.json to held-out-84.json (written blind after 73-80, before any fix of the session, and kept
 * sealed to its end): 69, 65, 66 and 67 of 70 (267/280, 95.4 %) at c89130d, then 69, 66, 67 and 67 (269/280, 96.1 %)
 * at 0bd574d after all of the session's fixes, none made for them; held-out-85.json to held-out-88.json (written blind
 * after the first round of fixes and kept sealed to the end): 69, 61, 65 and 69 (264/280, 94.3 %) at 0b5d4f3, then
 * 69, 62, 66 and 70 (267/280, 95.4 %) at 0bd574d, none made for them. 81-88 together: 536/560 = 95.7 %.
 */
const HELD_OUT = [
  "held-out.json",
  "held-out-2.json",
  "held-out-3.json",
  "held-out-4.json",
  "held-out-5.json",
  "held-out-6.json",
  "held-out-7.json",
  "held-out-8.json",
  "held-out-9.json",
  "held-out-10.json",
  "held-out-11.json",
  "held-out-12.json",
  "held-out-13.json",
  "held-out-14.json",
  "held-out-15.json",
  "held-out-16.json",
  "held-out-17.json",
  "held-out-18.json",
  "held-out-19.json",
  "held-out-20.json",
  "held-out-21.json",
  "held-out-22.json",
  "held-out-23.json",
  "held-out-24.json",
  "held-out-25.json",
  "held-out-26.json",
  "held-out-27.json",
  "held-out-28.json",
  "held-out-29.json",
  "held-out-30.json",
  "held-out-31.json",
  "held-out-32.json",
  "held-out-33.json",
  "held-out-34.json",
  "held-out-35.json",
  "held-out-36.json",
  "held-out-37.json",
  "held-out-38.json",
  "held-out-39.json",
  "held-out-40.json",
  "held-out-41.json",
  "held-out-42.json",
  "held-out-43.json",
  "held-out-44.json",
  "held-out-45.json",
  "held-out-46.json",
  "held-out-47.json",
  "held-out-48.json",
  "held-out-49.json",
  "held-out-50.json",
  "held-out-51.json",
  "held-out-52.json",
  "held-out-53.json",
  "held-out-54.json",
  "held-out-55.json",
  "held-out-56.json",
  "held-out-57.json",
  "held-out-58.json",
  "held-out-59.json",
  "held-out-60.json",
  "held-out-61.json",
  "held-out-62.json",
  "held-out-63.json",
  "held-out-64.json",
  "held-out-65.json",
  "held-out-66.json",
  "held-out-67.json",
  "held-out-68.json",
  "held-out-69.json",
  "held-out-70.json",
  "held-out-71.json",
  "held-out-72.json",
  "held-out-73.json",
  "held-out-74.json",
  "held-out-75.json",
  "held-out-76.json",
  "held-out-77.json",
  "held-out-78.json",
  "held-out-79.json",
  "held-out-80.json",
  "held-out-81.json",
  "held-out-82.json",
  "held-out-83.json",
  "held-out-84.json",
  "held-out-85.json",
  "held-out-86.json",
  "held-out-87.json",
  "held-out-88.json",
];
/**
 * Sets below the 95 % goal after their fixes, held at what they reached so that no change loses ground (issue 14 is
 * open on exactly this). A floor here may only go up, to 95 % and out of this list: held-out-13 left it at 60/60,
 * held-out-14 at 67/70, held-out-16 at 67/70 (after its numbers were bound to their roles and short-only rules were
 * refused), held-out-15 (code pasted from other tools; 38/70 at first contact, 41/70 after held-out-12/13's
 * categories, 42/70 when risk sizing beside a library entry was refused) at 70/70 with the code reading
 * (reading/code.ts). held-out-17 to 20 were held at their scores when committed, until their fixes land; with the
 * numbers read where the rule was right (decimal commas, suspended hyphens, MACD components, …) 18 and 20 left the
 * list (67/70, 68/70), 17 and 19 reached 64/70 and 66/70; with refusals wrongly made or missed fixed too (word
 * salad, a capitalised "Short TSLA", omitted stops and sizing, outside data as the idea's source or outcome) 17 and
 * 19 left it (67/70, 68/70), 18 and 20 at 68/70 and 70/70; with the rules told by their logic (time-series
 * momentum as the price against itself, Connors unnamed, band tags vs the squeeze, a pair's fit ruled out or rolling,
 * the invested season) all four at 70/70. held-out-21 to 24 are held at their scores when committed, until their
 * fixes land; with the wrong rules and refusals fixed (buy and hold told indirectly, averages named by period
 * alone, a named rule ruled out, a standard-deviation envelope, spelled-out letters, a ticket's dual momentum, an
 * indicator of a thing or a colour) 22 left the list (68/70), 21 and 24 at 65/70 and 62/70; with the numbers and
 * symbols read where the rule was right (MACD settings before the name, a count joined to an average, a channel's
 * "lowest close of the prior 15 days", a correction, a fixed hedge ratio, a list's or a call's windows, "a half",
 * "(BTC-USD)", "C > MA200", …) too, all four at 70/70 and no set is held here.
 * held-out-26 was held at its score when committed (66/70), until its fixes land; with the ten misses of 25 to 28
 * fixed by kind (a component replaced, "instead of"; a squeeze's "all year"; ticket ids; a season's "stay outside";
 * a window keyword inside an OLS call; "crosses down through"; word salad of the sky and rule arithmetic; "stoch"),
 * all four at 70/70 and no set is held here.
 * held-out-30, 34, 35 and 36 are held at their scores when committed, until their fixes land; with pseudo-code,
 * spreadsheet notes and key: value specs read as code (a hand-built band, MAX over the previous rows, ret63(SPY)),
 * 34 at 67/70 left the list; with the wordings of non-native English and dictation translated early (lexicon.ts
 * `TRANSLATIONS`: "moving media", "relative force index", "mcad", "cut … from below", "stay liquid", "cell when",
 * "not exponential", "minus 2,5", a greeted "Tom") 35 left it too (70/70), 36 at 54/70; with "bandwidth" named as the
 * bands (a squeeze's window beside its lookback) too, 34 at 70/70.
 * held-out-38 and 40 are held at their scores when committed, until their fixes land; with the code read as kinds
 * (a constant long position column, EasyLanguage's signed BollingerBand, a hand-built squeeze's "width within 10% of
 * its 60-bar minimum", month counters of pseudo-code's own names, "if …: hold IWM / elif …: hold SPY / else: cash")
 * 40 at 67/70 left the list; with "Sorry, I meant …" corrections read (reading/corrections.ts) 38 at 70/70 left it too (40 now 70/70).
 * held-out-42 and 43 are held at their scores when committed, until their fixes land; with the numbers, symbols and
 * single words read by kind (long NSE symbols and exchange suffixes, dictation's "one fifty", "a deviation of 1,5",
 * a channel's maximum and minimum, "from last week" as a time, "Signal: 30-day z-score", R's runMean, Wilder's
 * "14-day index", "candle closes above", a lower-case imperative "short spy", "my 60/40 portfolio" as the writer's
 * account) 42 at 68/70 left the list, 43 at 64/70; with the rules chosen by kind (a named Tom, a rule tried before and
 * judged, "the 20-day one", MACD told as two EMAs' difference, a pairs rule without tickers, SQL window functions, buy
 * and hold as steps) 43 at 69/70 left it too, and 42 at 70/70.
 * held-out-45, 46 and 47 were held at their scores when committed, until their fixes land; with the non-native
 * wordings and spoken numbers read by kind ("means mobiles simples", "antepenultimate", "point eight", a ticket's
 * number, the writer's trading history), code dialects and rules told by their construction (Julia and R idioms,
 * hand-built bands, MACD as a smoothed difference, stochastics and Ichimoku refused), Yahoo's symbol syntax (CL=F,
 * EURUSD=X, ^GSPC) and self-corrections by kind (a role named, the value dropped named before or in a reason,
 * months, hesitations, brackets) all three left the list at 70/70 and no set is held here.
 * held-out-51, 54 and 55 were held at their scores when committed, until their fixes land; with the rule chosen by
 * kind of wording (buy and hold without its name, MACD by its construction, compared seasons, short-only when the long
 * side is done), the numbers read by kind (versions, counts of things, careers, "rsi_len") and fitted pairs told in
 * spec lines, prose and code (a rolling beta, polars, backtesting.py lambdas), all three left the list.
 * held-out-58 to 60 and 62 to 64 are held at their scores when committed, until their fixes land; with pseudo-code
 * loops over the bars and the months read (reading/code/loops.ts: a counter's positions and slices, Python's
 * positions from the end, a window's mean and deviation, position flags, orders at bars of the month), 63 left the
 * list at 67/70 (68/70 with TA-Lib's BBANDS read upper band first); with pasted code and key: value specs read by
 * kind (a spec in on the first bar and never out, yesterday's side of a crossing written first, a statistic of a
 * span of past bars `max(close[1..55])`, bands a snippet uses but never defines, a held state assigned as a bare
 * comparison, a ticker handed to an indicator by name) 59 at 67/70 left it too; with the numbers of long messages
 * and dictation read by kind (a correction naming a value said elsewhere, a meeting's dates, counts and list
 * numbering, a month naming another effect, digits dictated one by one, a span run into the next clause's verb, "a
 * 120 window", "hold through May") 58 at 68/70 and 60 at 68/70 left it too; with the same kinds met again (a set of
 * settings replaced by a set, a slashed set restated whole, a correction right after a unit word, a change told as a
 * story, a meeting's headcount and next date, a count of exchanges) 62 at 67/70 and 64 at 69/70 left it too; the prose
 * read by kind (literal translations: "double momentum", "the one of TLT", "the width of the bands", "the band
 * superior", "hedge coefficient", "more high than 6 months ago"; meeting notes' own numbers; dictation's letter
 * names, "zee score"; word salad of an indicator made a verb of another or of a weekday) and rules told by their logic
 * (comparatives of other languages, buy and hold as a position left alone, MACD by its construction, one standard
 * deviation told with an article, pairs of companies in dictation, seasons held through a month) all sets left the
 * list. held-out-67, held at 65/70 when committed, left it at 68/70 with R's quantmod / TTR idioms (a signal lagged
 * one bar, `<-` beside a comment's conditions) and configurations listing the months held. held-out-66 (67/70 when
 * committed) is held at 69/70 since four prose kinds are read: buy and hold in a learner's English, outside data
 * scored in a ticket's clause, MACD's fast/slow/signal triple beside its logic, the z-score told as standardizing.
 * held-out-66 and held-out-68 (67/70 when committed) are held at 70/70 since four correction kinds are read (a set
 * chosen after a reason, a bare "no" between values, a day counted in words, a month corrected by a month) and a
 * period said alone before a clause run on without a comma. held-out-70, 71 and 72 are held at their scores when
 * committed (sealed until then), until their fixes land; held-out-74 and 75 likewise (blind, committed with their
 * first-contact scores). With self-corrections read as a grammar (a notice with who made it or when before its
 * colon, a correction told as a past act, anyone's "meant", the value replaced named before the new one, several
 * values for as many, a setting changed by its role's words, the wrong value told as written elsewhere, dictation's
 * unpunctuated markers and "the fast one forty") held-out-70 is held at 67/70, 72 at 68/70 and 74 at 67/70; with
 * non-native English, chat and dictation read by kind too (the exchange's day and a month's span told with other
 * nouns, "in" of time before a season's cash months, "diamond hands", settings run on after an exit, misheard names
 * such as "our s i", another language's noun behind "moving", MACD's "golden/dead cross") 70 at 69/70, 72 and 74 at
 * 70/70 (and 76 at 70/70).
 * held-out-71 and 75 are held at 70/70 since code and books are read by kind (spreadsheet formulas by their row,
 * signal columns of nested conditionals, dual momentum over a ticker list, a comment's ticker, R's NA, a source's
 * short side, stops "stripped of", a count of assets, weights set by volatility refused), and held-out-70 with it.
 * held-out-78 and 79 (blind, committed at 65/70 each after 70-76's fixes) are held there until their fixes land;
 * 79 at 70/70 since buy and hold is read from a spec's start with no exit and from signal arrays true on the first
 * bar alone, a squeeze's rolling minimum without the rule's tolerance, calendar counters called on the bar, and a
 * configuration's keys by their sections; 78 at 70/70 since a pair or clause restated whole after a correction's
 * marker, a span of time said in words as its value ("a year, not 6 months"), a chat log's timestamps and speakers,
 * counts of people signed up, "the RSI with period 3" and "the z-score passes 0.5" are read by kind.
 * held-out-82, 86 and 87 (blind, sealed to the session's end) are held at their scores when committed.
 */
const FLOORS: Record<string, number> = {
  "held-out-66.json": 70 / 70,
  "held-out-68.json": 70 / 70,
  "held-out-70.json": 70 / 70,
  "held-out-71.json": 70 / 70,
  "held-out-72.json": 70 / 70,
  "held-out-74.json": 70 / 70,
  "held-out-75.json": 70 / 70,
  "held-out-78.json": 70 / 70,
  "held-out-79.json": 70 / 70,
  "held-out-82.json": 66 / 70,
  "held-out-86.json": 62 / 70,
  "held-out-87.json": 66 / 70,
};
/** Written by the structured reading's author after its design (see the file's "about"): regression probes. */
const PROBES = ["author-probes.json"];
const known = new Set(["SPY", "GOOG", "AAPL", "MSFT", "INTC"]);

/** What the resolver made of a phrase, and whether it is what the phrase set expects. */
async function judge(p: Phrase) {
  const r = await resolveStrategy(p.text, { knownSymbols: known });
  const first = r.strategies[0];
  const got = r.refused ? "refuse" : (first?.rule?.label ?? first?.name ?? "none");
  const problems: string[] = [];
  if (got !== p.expect) problems.push(`got ${got}`);
  for (const [k, v] of Object.entries(p.params ?? {}))
    if (first?.params?.[k] !== v) problems.push(`${k} = ${first?.params?.[k]} (want ${v})`);
  for (const s of p.symbols ?? []) if (!r.symbols.includes(s)) problems.push(`symbol ${s} not read`);
  // A phrase that names no ticker must not get one read from its words ("TOM", "P/E", "MACD").
  if (p.expect !== "refuse")
    for (const s of r.symbols)
      if (!(p.symbols ?? []).includes(s)) problems.push(`symbol ${s} not in the text`);
  return { got, problems, r };
}

describe("resolver phrase set (fixtures/resolver/phrases.json)", () => {
  it(`resolves at least 95 % of ${phrases.length} phrasings to the expected rule and parameters`, async () => {
    expect(phrases.length).toBeGreaterThanOrEqual(60);
    let right = 0;
    const wrong: string[] = [];
    for (const p of phrases) {
      const { problems } = await judge(p);
      if (problems.length === 0) right++;
      else wrong.push(`  ${JSON.stringify(p.text)} → ${problems.join(", ")}`);
    }
    const share = right / phrases.length;
    console.log(
      `resolver phrase set: ${right}/${phrases.length} = ${(share * 100).toFixed(1)} % resolved correctly${wrong.length ? `\n${wrong.join("\n")}` : ""}`,
    );
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  for (const file of [...HELD_OUT, ...PROBES])
    it(`${HELD_OUT.includes(file) ? "held-out set" : "probe set"} ${file}: at least ${(100 * (FLOORS[file] ?? 0.95)).toFixed(1)} % resolved to the expected rule and parameters`, async () => {
      const set = setOf(file);
      expect(set.length).toBeGreaterThanOrEqual(30);
      let right = 0;
      const wrong: string[] = [];
      for (const p of set) {
        const { problems } = await judge(p);
        if (problems.length === 0) right++;
        else wrong.push(`  ${JSON.stringify(p.text)} → ${problems.join(", ")}`);
      }
      const share = right / set.length;
      console.log(
        `resolver ${HELD_OUT.includes(file) ? "held-out" : "probe"} set ${file}: ${right}/${set.length} = ${(share * 100).toFixed(1)} % resolved correctly${wrong.length ? `\n${wrong.join("\n")}` : ""}`,
      );
      expect(share).toBeGreaterThanOrEqual((FLOORS[file] ?? 0.95) - 1e-9);
    });

  it("refuses nonsense with the closest rules listed, and shows the rule text when it resolves", async () => {
    const moon = await resolveStrategy("buy when the moon is full");
    expect(moon.strategies).toEqual([]);
    expect(moon.refused?.reason).toMatch(/^refused: /);
    expect(moon.refused?.closest).toHaveLength(3);
    for (const c of moon.refused!.closest) expect(c.entry.length).toBeGreaterThan(0);
    const timing = await resolveStrategy("price above the 200-day moving average");
    expect(timing.strategies[0]).toMatchObject({
      name: "rule",
      rule: { label: "price_above_sma", entry: "close > sma({window})" },
      text: { entry: "close > sma(200)", exit: "close < sma(200)" },
      method: "rule",
    });
    const golden = await resolveStrategy("golden cross on TSLA", { knownSymbols: known });
    expect(golden.symbols).toEqual(["TSLA"]);
    expect(golden.strategies[0]!.text).toEqual({
      entry: "crosses_above(sma(50), sma(200))",
      exit: "crosses_below(sma(50), sma(200))",
    });
  });
});
