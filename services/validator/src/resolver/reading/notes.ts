/**
 * Meeting notes, tickets and status messages carry numbers of their own around the rule: how many attended, a
 * budget, the date a result is due, when the next meeting is (issue 14, held-out-58 and 62). None is a setting;
 * context.ts takes them out of the text like the writer's story, each number replaced by a word no reader takes. The
 * notes' date, their list numbering "1)" and a count of names "(3)" are read there by their form (`DATE`,
 * `numbering`, `counted`). People counted as an event's audience ("200 sign-ups", "80 registrations") are no setting
 * either; a chat log's timestamps and speakers ("[09:05] ben:") start a message each (`chatHeaders`).
 */
const N = String.raw`\d[\d,]*(?:\.\d+)?\s*(?:k|m|mm|bn)?`;
const SPAN = String.raw`(?:days?|weeks?|months?|business\s+days?|working\s+days?)`;

export const NOTES: RegExp[] = [
  // A head count: "Attendees: 5", "present (4)", "participants - 7", "headcount 12", "5 attendees", "we were 6".
  new RegExp(
    String.raw`\b(?:attendees|attendance|participants|present|headcount|head\s+count|invitees|quorum)\s*(?:[:=(-]\s*)?${N}\b`,
    "g",
  ),
  new RegExp(String.raw`\b${N}\s+(?:attendees|participants|invitees|present|people\s+present)\b`, "g"),
  /\bwe\s+were\s+\d+\b/g,
  // People counted as an event's or a list's audience: "200 sign-ups so far", "about 80 registrations", "35
  // registrants", "12 RSVPs", "40 enrolled", "300 viewers", "6 of us" (none sizes a setting; "sign-ups" is no unit).
  new RegExp(
    String.raw`\b${N}\s+(?:(?:new|confirmed|registered|paid|paying|live|unique|total|more|other)\s+)?(?:sign[\s-]?ups|registrations|registrants|rsvps?|rsvp'?d|enrol(?:l)?ments|enrolled|signed\s+up|registered|viewers|listeners|guests|seats\s+(?:sold|taken|booked)|tickets\s+sold|respondents|responses|votes|voters|likes|views|downloads|stars|joiners|sign[\s-]?ins)\b`,
    "g",
  ),
  /\b\d+\s+of\s+us\b/g,
  // … or labelled: "registrations: 140", "sign-ups so far at 200", "RSVPs = 35".
  new RegExp(
    String.raw`\b(?:sign[\s-]?ups|signups|registrations|registrants|rsvps|enrol(?:l)?ments|turnout|audience)\s*(?:so\s+far\s*)?(?:[:=(-]\s*|(?:is|are|at|of|reached|hit|now)\s+)(?:about\s+|around\s+|~)?${N}`,
    "g",
  ),
  // A ticket's or a message's own counts: "2 attachments", "3 comments", "14 slides", "5 screenshots".
  /\b\d+\s+(?:attachments?|attached\s+files?|comments?|replies|screenshots?|slides?|subtasks?|upvotes?|watchers?)\b/g,
  // Money with no currency sign, named by what it pays for: "Budget for data: 1,200 a month", "budget approved at
  // 40k", "the data subscription is 300 per month", "license: 2k/year" (costs are left alone: "costs of 5 bps").
  new RegExp(
    String.raw`\b(?:budget|budgets|subscription|licen[cs]e|salary|invoice|spend|spending)\b[^.;!?\d]{0,30}${N}(?:\s*(?:a|per|/)\s*(?:month|year|quarter|week|seat|user))?`,
    "g",
  ),
  // A day of the month something is due or happens, not a rule's day: "report the Sharpe by the 15th", "due on
  // the 3rd", "before the 20th" ("sell on the 3rd trading day of the month", "the 15th of each month" stay).
  /\b(?:by|due|until|till|before|deadline|on\s+or\s+before)\s+(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri)\s+)?(?:the\s+)?\d{1,2}(?=(?:st|nd|rd|th)\b(?!\s*(?:trading\s+|business\s+|calendar\s+)?(?:day|session|bar|of)\b))/g,
  // When the group meets or hears back again: "Next meeting in 2 weeks", "follow up in 3 days", "report back within
  // 10 days", "revisit after 1 month", "next sync: 2 weeks", "next meeting 12/5" (a date after the next meeting).
  new RegExp(
    String.raw`\b(?:next\s+(?:meeting|call|sync|review|check[\s-]?in|standup|stand-up|session|catch[\s-]?up|update)|follow[\s-]?up|reconvene|revisit|regroup|circle\s+back|report\s+back|meet\s+again|touch\s+base|deadline|due|eta)\b[^.;!?\d]{0,25}?(?:(?:in|within|after)\s+(?:about\s+|roughly\s+|~)?${N}\s*${SPAN}|:\s*${N}\s*${SPAN}|(?:on\s+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?)\b`,
    "g",
  ),
  // … or told without "next": "a follow-up call in 3 days", "the review in about 2 weeks".
  new RegExp(
    String.raw`\b(?:meeting|call|review|sync|standup|stand-up|catch-?up|check-?in|follow-?up|demo|presentation|deadline)\b[^.;!?\d]{0,20}?\bin\s+(?:about\s+|around\s+)?${N}\s+(?:days?|weeks?|months?)\b`,
    "g",
  ),
];

/** A time of day as a chat shows it: "09:05", "9:05 am", "14:32:10", with a date before it at most ("12/02 09:05"). */
const TIME = String.raw`(?:\d{1,2}\/\d{1,2}(?:\/\d{2,4})?,?\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?`;
/** Who speaks in a chat log: a name of one or two words, as "ana", "ben k." or "<jo>". */
const SPEAKER = String.raw`<?[a-z][\w.'-]*(?:\s+[a-z][\w.'-]*)?>?`;
/**
 * A chat log's line headers: "[09:05] ben:", "(9:05 am) ana:", "ben [09:05]:", "09:05 ben:", a phone's "12/2/26, 9:05 am -
 * ben:" (a bare time only where the
 * log has two such lines at least, so "sell at 15:55 rule:" is no header). Each starts a new message, so a correction
 * in one ("[09:05] ben: wait, scratch that, make it the 120-day") ends where the next speaker begins.
 */
const BRACKETED = new RegExp(
  String.raw`\s*(?:\[\s*${TIME}\s*\]|\(\s*${TIME}\s*\))\s*${SPEAKER}\s*:(?!\d)\s*|\s*(?<=^|[\s.!?])<?[a-z][\w.'-]*>?\s*(?:\[\s*${TIME}\s*\]|\(\s*${TIME}\s*\))\s*:(?!\d)\s*`,
  "g",
);
const BARE = new RegExp(String.raw`\s*(?<=^|[\s.!?])${TIME}\s*(?:[-–]\s*)?${SPEAKER}\s*:(?!\d)\s*`, "g");

/** The text with each chat header made a sentence break (none at the start), or the text as it is. */
export function chatHeaders(text: string): string {
  const broken = (t: string, header: RegExp) =>
    t.replace(header, (...m) => {
      const before = t.slice(0, m.at(-2) as number);
      return before.trim() === "" ? "" : /[.!?:;,]\s*$/.test(before) ? " " : ". ";
    });
  const out = broken(text, BRACKETED);
  return (out.match(BARE) ?? []).length >= 2 ? broken(out, BARE) : out;
}
