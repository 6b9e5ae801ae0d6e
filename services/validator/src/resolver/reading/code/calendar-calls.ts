import { DATE_ALIASES, DATE_FIELDS } from "./dialect.ts";
import type { CNode } from "./parse-code.ts";

/**
 * Pseudo-code names its calendar counters as functions of the bar (`bars_until_month_end(t) == 2`,
 * `trading_day_of_month(t) == 2`, `tdom(i)`, `days_left_in_month(today)`, `weekday(date)`): the call is the date
 * field itself, whatever bar it is handed, with the engine's origins (0 on the month's last bar, 1 on its first).
 * Names are read by their parts rather than listed one by one: a count of bars, days or sessions to or left before
 * the month's end; a trading day, bar or session of or in the month. A calendar day of the month ("day_of_month",
 * 1-31) is none of these: the library has no rule on it.
 */
export function calendarCall(name: string, args: CNode[]): string | null {
  // The bar, its date or its index (`t`, `i`, `df.index[i]`, `bar.date`): one plain argument at most.
  if (args.length > 1 || (args[0] && !PLAIN.has(args[0].k))) return null;
  const low = name.toLowerCase().replace(/^(?:get|calc|compute|n|num)_/, "");
  if (DATE_FIELDS.has(low)) return low;
  if (DATE_ALIASES[low]) return DATE_ALIASES[low];
  if (TO_MONTH_END.test(low)) return "days_to_month_end";
  if (OF_MONTH.test(low)) return "trading_day_of_month";
  if (/^(?:month|month_of_year|month_number)$/.test(low)) return "month";
  if (/^(?:dayofweek|day_of_the_week|weekday|dow)$/.test(low)) return "day_of_week";
  return null;
}

const PLAIN = new Set(["name", "attr", "index"]);

const UNIT = "(?:trading_?)?(?:bars?|days?|sessions?|tds?)";
const END = "(?:(?:the_?)?month_?end|end_?of_?(?:the_?)?month|eom|(?:the_?)?month)";
/** `bars_until_month_end`, `days_left_in_month`, `sessions_to_eom`, `trading_days_remaining_in_month`. */
const TO_MONTH_END = new RegExp(
  `^${UNIT}_?(?:to|till|until|til|left|remaining|before|before_the)_?(?:(?:in|of|to|until|before)_?)?${END}$`,
);
/** `trading_day_of_month`, `bar_in_month`, `session_of_the_month`, `month_bar_index`, `trading_day_number`. */
const OF_MONTH =
  /^(?:(?:trading|market|business|exchange)_?(?:day|session|bar)|bar|session)_?(?:number_?|index_?|no_?)?(?:of|in|within)_?(?:the_?)?month$|^month_?(?:bar|session|trading_?day)_?(?:index|number|no|count)?$|^(?:trading|market|business)_?day_?(?:index|number|no|count)$/;
