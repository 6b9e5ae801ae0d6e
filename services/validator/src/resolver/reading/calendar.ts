import { type Candidate, STRONG } from "./candidate.ts";
import type { Reading } from "./reading.ts";

/**
 * Calendar rules are named by their months and days, not by indicators: the Halloween effect (in from
 * November through April) and the turn of the month (the last days of one month and the first of the next).
 */
export function sellInMay(r: Reading): Candidate | null {
  // A text naming a range between those months, or the "best six months", means this rule however it is worded.
  const inMonths = r.has(/\b(?:nov(?:ember)?|halloween|oct(?:ober)?)\b/) && r.has(/\b(?:apr(?:il)?|may)\b/);
  const outMonths = r.has(/\bmay\b/) && r.has(/\b(?:oct(?:ober)?|sep(?:tember)?|halloween|nov(?:ember)?)\b/);
  const named = r.has(
    /sell in may|go away|halloween|\b(?:best|worst|strongest|weakest|favou?rable|unfavou?rable) (?:six|6)[\s-]months?\b|\bwinter (?:months|half)\b|\bsummer (?:months|half)\b.*(?:avoid|out|cash)/,
  );
  if (!(named || inMonths || outMonths)) return null;
  return {
    name: "sell_in_may",
    score: STRONG + 1,
    params: { start_month: 11, end_month: 4 },
    reason:
      '"sell in May and go away" (the Halloween effect): in the market from November through April, cash from May through October',
  };
}

const TURN =
  /turn[\s-]of[\s-](?:the[\s-])?month|month[\s-]end|end[\s-]of[\s-](?:the[\s-]|each[\s-]|every[\s-]|a[\s-])?month|(?:last|final|penultimate|second[\s-]to[\s-]last|third[\s-]to[\s-]last) (?:\d+ )?(?:trading )?(?:days?|closes?|bars?|sessions?) of (?:the|each|every|a) month|first (?:few |\d+ )?(?:trading )?days? of (?:the|each|every|a new|the next|the new|a) month|days? into (?:the|a) (?:next|new|following) month|before (?:the )?months? ends?/;

export function turnOfMonth(r: Reading): Candidate | null {
  if (!r.has(TURN)) return null;
  const text = r.text;
  const last =
    /(?:last|final)\s+(\d+)\s+(?:trading\s+)?days?|(\d+)\s+(?:trading\s+)?days?\s+before\s+(?:the\s+)?(?:month[\s-]end|end of (?:the|each|every) month|months? ends?)/.exec(
      text,
    );
  const beforeLast = /(second|third)[\s-]to[\s-]last|penultimate/.exec(text);
  // Days after: "the first 3 days", "3 days into the next month", "sell on the 3rd trading day".
  const after =
    /first\s+(\d+)\s+(?:trading\s+)?days?|(\d+)\s+(?:trading\s+)?days?\s+into|(\d+)(?:st|nd|rd|th)\s+(?:trading\s+)?day/.exec(
      text,
    );
  // "buy on the last day" is the close of the last day itself; the textbook window holds the day before it too.
  // "the last 2 days" hold the last day and the one before it; "2 days before month end" buys 2 bars before.
  const onLast =
    /\b(?:buy|in|enter|get in|go long|long)\w* (?:on |at )?the (?:close of the |very )?(?:last|final) (?:trading )?(?:day|close|bar|session)/.test(
      text,
    );
  const params = {
    days_before: last
      ? last[1]
        ? Math.max(0, Number(last[1]) - 1)
        : Number(last[2])
      : beforeLast
        ? beforeLast[1] === "third"
          ? 2
          : 1
        : onLast
          ? 0
          : 1,
    days_after: after ? Number(after[1] ?? after[2] ?? after[3]) : 3,
  };
  return {
    name: "turn_of_month",
    score: STRONG + 1,
    params,
    reason: `turn of the month: buy at the close ${params.days_before} trading day(s) before the month's last, sell at the close of trading day ${params.days_after} of the new month${last || after || beforeLast ? " (days from the text)" : " (textbook: last day in, third day out)"}`,
  };
}
