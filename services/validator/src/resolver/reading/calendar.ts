import { type Candidate, STRONG, WEAK } from "./candidate.ts";
import type { Reading } from "./reading.ts";

/**
 * Calendar rules are named by their months and days, not by indicators: the Halloween effect (in from
 * November through April) and the turn of the month (the last days of one month and the first of the next).
 */
export function sellInMay(r: Reading): Candidate | null {
  const months = new Set(
    r.text
      .split(/[.;!?\n]/)
      // A colon ends a clause of the story ("since January I've been paper trading this: buy …"), not a label's
      // ("Entry: first trading day of November").
      .flatMap((sentence) => sentence.split(/(?<=(?:\S+\s+){2}\S+\s*):/))
      .filter(seasonClause)
      .flatMap((clause) =>
        [...clause.replace(NAMED_BY_MONTH, " ").matchAll(MONTH_RE)].map((m) => monthOf(m[2]!)),
      ),
  );
  const named = r.has(
    /sell in may|go away|halloween|\b(?:best|worst|strongest|weakest|favou?rable|unfavou?rable) 6[\s-]months?\b|\bwinter (?:months|half)\b|\bsummer (?:months|half)\b.*(?:avoid|out|cash)/,
  );
  // Without its names, the rule is two months of the year with being in or out of the market, or one with
  // "seasonal".
  const inOut = r.has(/\b(?:hold|in|out|invested|stocks|equities|market|cash|avoid|long|own|buy|sell)\b/);
  const season = named || (months.size >= 2 && inOut);
  if (!season && !(months.size >= 1 && r.has(/seasonal/))) return null;
  const { start, end, stated } = seasonMonths(r.text);
  return {
    name: "sell_in_may",
    // One month beside "seasonal" is weaker than a calendar rule named by its own words ("turn of the month").
    score: season ? STRONG + 1 : STRONG,
    params: { start_month: start, end_month: end },
    reason: `seasonal (the Halloween effect): in the market from month ${start} through month ${end}, cash otherwise${stated ? " (months from the text)" : " (textbook November through April)"}`,
  };
}

/**
 * A clause whose months may be the season: it says being in or out of the market ("hold from November through
 * April", "out in May"), or it is the months alone ("Nov-Apr", "the season: November to April"). Months of the
 * writer's story ("between March and September I was travelling", "since January I've been paper trading this",
 * "it's now October") are no season, whatever rule the next clause states.
 */
function seasonClause(clause: string): boolean {
  if (!new RegExp(MONTH_RE.source).test(clause)) return false;
  if (
    /\b(?:hold\w*|held|in|out|invest\w*|stocks|equities|market|cash|avoid\w*|long|own\w*|buy\w*|bought|sell\w*|sold|exit\w*|enter\w*|entry|away|flat|sidelines?|bills|bonds|seasonal\w*|season|winter|summer|halloween|may)\b/.test(
      clause,
    )
  )
    return true;
  const rest = clause
    .replace(new RegExp(MONTH_RE.source, "g"), " ")
    .replace(
      /\b(?:to|through|thru|until|till|and|or|from|between|the|of|end|start|beginning|middle|only|months?|period|later|earlier|after|before)\b|[\d\s–-]+/g,
      " ",
    )
    .trim();
  return rest.split(/\s+/).filter(Boolean).length <= 1;
}

/** The months' names, each with its abbreviations, as patterns (lower-case text; shared with calendar-calques.ts). */
export const MONTH_PATTERNS = [
  "jan(?:uary)?",
  "feb(?:ruary)?",
  "march",
  "apr(?:il)?",
  "may",
  "june?",
  "july?",
  "aug(?:ust)?",
  "sep(?:t(?:ember)?)?",
  "oct(?:ober)?",
  "nov(?:ember)?",
  "dec(?:ember)?",
];
/**
 * A month that names another effect or event, no season: "leave the January effect out", "the January barometer",
 * "a December rally" ("the Halloween effect" is this rule's own name, read apart).
 */
const MONTH_NAMES = [...MONTH_PATTERNS, "mar"].join("|");
const NAMED_BY_MONTH = new RegExp(
  String.raw`\b(?:${MONTH_NAMES})\s+(?:effect|anomaly|barometer|rally|indicator|seasonality)\b`,
  "g",
);
const MONTH_RE = new RegExp(
  String.raw`(?:\b(end|start|beginning|middle) of (?:the )?)?\b(${MONTH_NAMES}|halloween)\b(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b)?`,
  "g",
);
/** The months' first three letters, January first (also config.ts's month lists). */
export const MONTH_ABBREVIATIONS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];
/** Month number 1-12; Halloween is the last day of October. */
const monthOf = (w: string) => (w === "halloween" ? 10 : MONTH_ABBREVIATIONS.indexOf(w.slice(0, 3)) + 1);
/** The first of two compared seasons said to be the weaker one ("worse from May to October than …"). */
const WORSE = /\b(?:worse|weaker|poorer|lags?|lagging|underperform\w*|less|lower)\b/;
const wrap = (m: number) => ((m + 11) % 12) + 1;
// ("stay outside from June until October", "on the sidelines June to October": the cash span.)
const OUT_WORDS =
  /\b(?:out|outside|sidelines?|avoid\w*|cash|away|skip|flat|sell|exit|summer|t-bills|bills|bonds|treasur\w*|money\s+market)\b/g;
// (Not "stocks": it is what one is in or out of, "out of stocks June through September".)
// ("In the months from April to September stay liquid": "in" before a span of time says when, not in the market.)
const IN_WORDS =
  /\b(?:hold|holding|invested|invest|long|own|buy|in(?!\s+(?:the\s+|those\s+|these\s+)?(?:months?|period|periods|season|seasons|weeks?|summer|winter|spring|autumn|fall|time|half|part)\b)|only)\b/g;

/**
 * Between two months, the position kept from the first to the second: "and hold through", ", keep it until the end
 * of", "then stay invested to", "and ride it through" (a range told with its verbs).
 */
const HELD_TO =
  /^\s*(?:,|and|then|,\s*(?:and|then))?\s*(?:(?:i|we|you|they)\s+)?(?:(?:hold|keep|ride|stay|remain)(?:\s+(?:it|them|the\s+position|invested|long|in(?:\s+the\s+market)?|on))?|sit\s+on\s+(?:it|them))\s+(?:all\s+the\s+way\s+)?(?:through|thru|to|until|till|into)\s*(?:the\s+)?$/;

/**
 * The months in the market: "hold A through B" → A…B; "out (avoid, cash) from A to B" → the months after B up to
 * the one before A; "sell in M" → in until M − 1; "buy back in M", "from M" → in from M. "The end of October" or
 * Halloween as a start is November; "the start of May" or "May 1" as an end is April. Default: November–April.
 */
function seasonMonths(text: string): { start: number; end: number; stated: boolean } {
  let start = 11;
  let end = 4;
  let stated = false;
  // "November or later, or March or earlier": the held season named by its first and last months.
  const M = `(${MONTH_PATTERNS.join("|")})`;
  const open = new RegExp(
    String.raw`\b${M}\s+or\s+(?:later|after)\b[^.;]{0,20}?\b${M}\s+or\s+(?:earlier|before)\b`,
  ).exec(text);
  if (open) return { start: monthOf(open[1]!), end: monthOf(open[2]!), stated: true };
  const months = [...text.matchAll(MONTH_RE)];
  let lastRange = 0;
  let firstRange = 0;
  // A start late in a month ("Oct 31", "the end of October") is the next month; an end early in one ("May 1",
  // "the start of May") is the month before.
  const day = (m: RegExpMatchArray) => (m[3] ? Number(m[3]) : undefined);
  const asStart = (m: RegExpMatchArray) =>
    m[1] === "end" || m[2] === "halloween" || (day(m) ?? 0) >= 20 ? wrap(monthOf(m[2]!) + 1) : monthOf(m[2]!);
  const asEnd = (m: RegExpMatchArray) =>
    m[1] === "start" || m[1] === "beginning" || (day(m) ?? 99) <= 10
      ? wrap(monthOf(m[2]!) - 1)
      : monthOf(m[2]!);
  for (let k = 0; k < months.length; k++) {
    const a = months[k]!;
    const b = months[k + 1];
    const between = b ? text.slice(a.index! + a[0].length, b.index) : "";
    const prefix = text.slice(Math.max(0, a.index! - 40), a.index);
    // "buy at the start of October and hold through May": the months joined by a holding verb are a range too.
    if (
      b &&
      (/^\s*(?:through|thru|to|until|till|-|–|and)\s*(?:the\s+)?$/.test(between) || HELD_TO.test(between))
    ) {
      // Two seasons compared ("stocks do much better from November through April than from May through October"):
      // the better one is held, whichever comes first; the second range of the comparison sets nothing more.
      const since = text.slice(lastRange, a.index);
      if (lastRange > 0 && /\b(?:than|versus|vs\.?|compared\s+(?:to|with))\b/.test(since)) {
        if (WORSE.test(text.slice(Math.max(0, firstRange - 60), a.index))) {
          start = asStart(a);
          end = asEnd(b);
        }
        k++;
        continue;
      }
      if (lastRange === 0) firstRange = a.index!;
      lastRange = b.index! + b[0].length;
      // A range: in the market over it, or out of it (then in from the month after it).
      const lastOut = Math.max(-1, ...[...prefix.matchAll(OUT_WORDS)].map((m) => m.index!));
      const lastIn = Math.max(-1, ...[...prefix.matchAll(IN_WORDS)].map((m) => m.index!));
      // "Oct-Apr invested, May-Sep in T-bills": a range told before its words has them after it, up to the end
      // of its clause; where the money sits out of the market (cash, bills, bonds) says out even after "in".
      const after = /^[^,;.]*/.exec(text.slice(b.index! + b[0].length))![0];
      // ("And from April until September stay in cash": the clause before the range says neither in nor out, as
      // when only connectives stand before it.)
      // (A label's colon ends the clause too: "Sell in May on IWM: from June to September be liquid".)
      const own = prefix.slice(prefix.search(/[^,;.:]*$/));
      const said = !new RegExp(OUT_WORDS.source).test(own) && !new RegExp(IN_WORDS.source).test(own);
      const saysOut = new RegExp(OUT_WORDS.source).test(after);
      const saysIn = new RegExp(IN_WORDS.source).test(after);
      const out = said && (saysOut || saysIn) ? saysOut : lastOut > lastIn;
      if (out) {
        start = wrap(asEnd(b) + 1);
        end = wrap(asStart(a) - 1);
      } else {
        start = asStart(a);
        // "from Halloween to May": a range from a date (not a whole month) ends where the next month starts.
        // ("from the end of October to the end of April" names the end's date too: April is held.)
        const fromDate = (a[1] === "end" || a[2] === "halloween") && !b[1] && !b[3];
        // ("buy in November and hold until May" is out when May starts, as "hold until May" alone below.)
        const heldUntil = HELD_TO.test(between) && /\b(?:until|till)\b/.test(between) && !b[1] && !b[3];
        end =
          (fromDate && /\b(?:to|until|till)\b/.test(between)) || heldUntil
            ? wrap(monthOf(b[2]!) - 1)
            : asEnd(b);
      }
      stated = true;
      k++;
      continue;
    }
    // "then cash until November": out until that month, so in from it.
    if (/\b(?:out|outside|cash|away|flat|sidelines?)\b[\w\s]{0,12}?\b(?:until|till)\s*$/.test(prefix)) {
      start = asStart(a);
      stated = true;
      continue;
    }
    // "hold through May": in until that month's end ("hold until May" is out when it starts, as "sell in May").
    const held =
      /\b(?:hold|holding|stay|staying|keep|keeping|remain|remaining|invested)\b[\w\s]{0,12}?\b(through|thru|until|till)\s+(?:the\s+)?$/.exec(
        prefix,
      );
    if (held) {
      end = /^thr/.test(held[1]!) ? asEnd(a) : wrap(asStart(a) - 1);
      stated = true;
    } else if (
      /\b(?:sell|out|exit|away|leave|cash)\b[\w\s]{0,12}?\b(?:in|on|at|by|from)?\s*(?:early\s+|late\s+)?$/.test(
        prefix,
      )
    ) {
      end = wrap(asStart(a) - 1);
      stated = true;
    } else if (
      /\b(?:back|buy|return|re-?enter|enter|see you|from|in)\b(?:\s+(?!in\b|on\b|at\b)[a-z$][\w.-]{0,9})?\s*(?:in|on|at)?\s*(?:the\s+)?(?:early\s+|late\s+)?$/.test(
        prefix,
      )
    ) {
      start = asStart(a);
      stated = true;
    }
  }
  return { start, end, stated };
}

const TURN =
  /turn[\s-]of[\s-](?:the[\s-])?month|month[\s-]end|end[\s-]of[\s-](?:the[\s-]|each[\s-]|every[\s-]|a[\s-])?month|(?:last|final|penultimate|second[\s-]to[\s-]last|third[\s-]to[\s-]last) (?:\d+ )?(?:trading )?(?:days?|closes?|bars?|sessions?) of (?:the |each |every |a )?month|first (?:few |\d+ )?(?:trading )?days? of (?:the|each|every|a new|the next|the new|a) month|days? into (?:the|a) (?:next|new|following) month|before (?:the )?months? ends?|\btom\b|\bmonth (?:last|final) (?:trading )?(?:day|close|session|bar)\b|(?:second|third|fourth|fifth|2nd|3rd|4th|5th)[\s-]to[\s-]last|penultimate|\d+(?:st|nd|rd|th) trading day (?:of|in|out)(?! (?:19|20)\d\d\b)|days? \d+ of (?:the )?(?:new|next|following) month/;

export function turnOfMonth(r: Reading): Candidate | null {
  if (!r.has(TURN)) return null;
  const text = r.text;
  const last =
    /(?:last|final)\s+(\d+)\s+(?:trading\s+)?days?|(\d+)\s+(?:trading\s+)?(?:days?|bars?|sessions?)\s+before\s+(?:the\s+)?(?:(?:month\s+)?(?:last|final)\s+(?:trading\s+)?(?:day|session|bar|close)|month[\s-]end|end of (?:the|each|every) month|months? ends?)/.exec(
      text,
    );
  // "the fourth-to-last trading day" is 3 days before the last.
  const beforeLast = /(second|third|fourth|fifth|2nd|3rd|4th|5th)[\s-]to[\s-]last|penultimate/.exec(text);
  // Days after: "the first 3 days", "3 days into the next month", "sell on the 3rd trading day".
  const after =
    /first\s+(\d+)\s+(?:trading\s+)?days?|(\d+)\s+(?:trading\s+)?days?\s+into|(\d+)(?:st|nd|rd|th)\s+(?:trading\s+)?(?:day|session|bar)|day\s+(\d+)\s+of\s+(?:the\s+)?(?:new|next|following)\s+month|first\s+(\d+)\s+of\s+(?:the\s+)?(?:new|next|following)|(?:exit|sell|out|flat)\w*\b[^.;]*?(?:(?:trading\s+)?\bday|\btd)\s+(\d+)\b/.exec(
      text,
    );
  // "buy on the last day", "Entry: close of the last trading day" (or "if it is the close of the last trading day of
  // the month, then buy") is the close of
  // the last day itself; the textbook window holds the day before it too.
  // "the last 2 days" hold the last day and the one before it; "2 days before month end" (or "3 sessions before the
  // month's last session") buys 2 (3) bars before.
  const onLast =
    /\b(?:buy|in|enter|entry|get in|go long|long)\w*:?\s+(?:\$?[a-z][\w.-]{0,9}\s+)?(?:(?:on|at|@)\s*)?(?:the\s+)?(?:close\s+(?:of|on)\s+(?:the\s+)?|very\s+)?(?:month\s+)?(?:last|final)\s+(?:(?:trading\s+)?(?:day|close|bar|session)|td)\b|\b(?:last|final) (?:trading )?(?:day|close|bar|session)(?: of (?:the |each |every )?month)?,? (?:in|entry|buy)\b|\b(?:close|end) of the (?:last|final) (?:trading )?(?:day|session|bar) of (?:the |each |every )?month,? (?:then )?(?:buy|enter|go long|get in)\b|\bfrom (?:the )?close (?:of|on) (?:the )?(?:last|final) (?:trading )?(?:day|session|bar)\b/.test(
      text,
    );
  const params = {
    days_before: last
      ? last[1]
        ? Math.max(0, Number(last[1]) - 1)
        : Number(last[2])
      : beforeLast
        ? ["second", "third", "fourth", "fifth"].indexOf(beforeLast[1] ?? "") + 1 ||
          Number(beforeLast[1]?.slice(0, 1) ?? 2) - 1 ||
          1
        : onLast
          ? 0
          : 1,
    days_after: after ? Number(after[1] ?? after[2] ?? after[3] ?? after[4] ?? after[5] ?? after[6]) : 3,
  };
  // "At month end" alone may only say when another rule is checked; days or the rule's name make it this one.
  const strong =
    last || after || beforeLast || onLast || r.has(/turn[\s-]of|\btom\b|effect|anomaly|flows?|drift/);
  return {
    name: "turn_of_month",
    score: strong ? STRONG + 1 : WEAK,
    params,
    reason: `turn of the month: buy at the close ${params.days_before} trading day(s) before the month's last, sell at the close of trading day ${params.days_after} of the new month${last || after || beforeLast ? " (days from the text)" : " (textbook: last day in, third day out)"}`,
  };
}
