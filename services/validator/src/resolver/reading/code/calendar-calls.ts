import type { Node } from "../../../rules/parse.ts";
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
export function calendarCall(name: string, args: CNode[]): Node | null {
  // The bar, its date or its index (`t`, `i`, `df.index[i]`, `bar.date`): one plain argument at most.
  if (args.length > 1 || (args[0] && !PLAIN.has(args[0].k))) return null;
  const low = name.toLowerCase().replace(/^(?:get|calc|compute|n|num)_/, "");
  if (DATE_FIELDS.has(low)) return field(low);
  if (DATE_ALIASES[low]) return field(DATE_ALIASES[low]);
  if (TO_MONTH_END.test(low)) return field("days_to_month_end");
  if (OF_MONTH.test(low)) return field("trading_day_of_month");
  // Counted from 0 on the month's first bar: one less than the trading day.
  if (SINCE_START.test(low)) return compare("-", field("trading_day_of_month"), 1);
  // Flags of the month's last and first bars: `is_last_trading_day_of_month(t)`, `is_month_start(d)`.
  if (LAST_BAR.test(low)) return compare("==", field("days_to_month_end"), 0);
  if (FIRST_BAR.test(low)) return compare("==", field("trading_day_of_month"), 1);
  if (/^(?:month_of_year|month_number)$/.test(low)) return field("month");
  if (/^(?:dayofweek|day_of_the_week|weekday|dow)$/.test(low)) return field("day_of_week");
  return null;
}

const field = (name: string): Node => ({ kind: "name", name, col: 0 });
const compare = (op: "==" | "-", left: Node, value: number): Node => ({
  kind: "binary",
  op,
  left,
  right: { kind: "num", value, col: 0 },
  col: 0,
});

const PLAIN = new Set(["name", "attr", "index"]);

const UNIT = "(?:trading_?|business_?|market_?)?(?:bars?|days?|sessions?|tds?)";
const END = "(?:(?:the_?)?month_?end|end_?of_?(?:the_?)?month|eom|(?:the_?)?month)";
/** `bars_until_month_end`, `days_left_in_month`, `sessions_to_eom`, `trading_days_remaining_in_month`. */
const TO_MONTH_END = new RegExp(
  `^(?:remaining|left)_${UNIT}_?(?:in|of|to|until|before)_?${END}$|^${UNIT}_?(?:to|till|until|til|left|remaining|before|before_the)_?(?:(?:in|of|to|until|before)_?)?${END}$`,
);
/** `trading_day_of_month`, `bar_in_month`, `session_of_the_month`, `month_bar_index`, `trading_day_number`. */
const OF_MONTH =
  /^(?:(?:trading|market|business|exchange)_?(?:day|session|bar)|bar|session)_?(?:number_?|index_?|no_?)?(?:of|in|within)_?(?:the_?)?month$|^month_?(?:bar|session|trading_?day)_?(?:index|number|no|count)?$|^(?:trading|market|business)_?day_?(?:index|number|no|count)$/;
/** `days_since_month_start`, `bars_into_month`, `sessions_since_month_open`: 0 on the month's first bar. */
const SINCE_START = new RegExp(
  `^${UNIT}_?(?:since|into|after|from)_?(?:the_?)?(?:month_?(?:start|open|begin\\w*)|start_?of_?(?:the_?)?month|month)$`,
);
const LAST_BAR =
  /^is_?(?:the_?)?(?:last_?(?:trading_?|business_?|market_?)?(?:day|bar|session)_?(?:of|in)_?(?:the_?)?month|month_?end|eom)$/;
const FIRST_BAR =
  /^is_?(?:the_?)?(?:first_?(?:trading_?|business_?|market_?)?(?:day|bar|session)_?(?:of|in)_?(?:the_?)?month|month_?start|som)$/;
