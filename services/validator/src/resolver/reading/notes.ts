/**
 * Meeting notes, tickets and status messages carry numbers of their own around the rule: how many attended, a
 * budget, the date a result is due, when the next meeting is (issue 14, held-out-62). None is a setting; context.ts
 * takes them out of the text like the writer's story, each number replaced by a word no reader takes.
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
  // … counted after the names: "Present: Jo, Raj, Kim (3)".
  /\b(?:present|attendees|attending|participants)\s*[:-]?\s*(?:[a-z]+\s*(?:,|and|&)\s*){0,12}[a-z]+\s*\(\s*\d+\s*\)/g,
  // The date of the notes: "Meeting notes 11/28", "minutes of 3/14/2026", "standup, 12/1".
  /\b(?:notes|minutes|meeting|standup|stand-up|sync|recap)\s*(?:of|from|on|for|,|:|-)?\s*\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g,
  // Agenda items numbered "1)", "2)" at the start of a sentence or line (a bracket closing "RSI(2)", "(14, 30, 70)"
  // or "(10, 1.5)" follows no sentence end).
  /(?<=^\s*|[.;!?]\s+|\n\s*)\d{1,2}\)(?=\s)/g,
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
];
