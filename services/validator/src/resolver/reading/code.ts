import type { Node } from "../../rules/parse.ts";
import { condition, isBoolean, type Program, readProgram, splitTop } from "./code/program.ts";
import type { Translator } from "./code/translate.ts";
import { type CodeMatch, matchRule } from "./code/unify.ts";
import type { PhraseMatch } from "./read-rule.ts";

/**
 * Strategies pasted as code (Pine Script, pandas/numpy, vectorbt, backtrader, AmiBroker AFL, EasyLanguage, MQL,
 * Excel, SQL) or written in the rule language itself: the program is read as statements (code/program.ts), its
 * idioms translated into the rule language (code/translate.ts), and its entry and exit unified with each library
 * rule's (code/unify.ts), so the parameters are the code's own numbers. Code that trades short only, sizes
 * positions, uses stops, intraday sessions or indicators the language lacks is refused by what the code calls.
 * Null when the text holds no code that matches a rule: the structured reading of the words then decides.
 */
export function readCode(text: string): PhraseMatch | null {
  if (!CODE.test(text)) return null;
  const refusal = refuse(text);
  if (refusal) return { kind: "unsupported", reason: refusal };
  const { program, translator } = readProgram(text);
  if (program.shorts > 0 && program.entries.length === 0 && !program.holding)
    return {
      kind: "unsupported",
      reason:
        "the code only opens short positions and the validator tests long-only rules, so this is refused rather than run long",
    };
  if (
    program.holding ||
    (program.entries.length > 0 && program.entries.every(isTrue) && program.exits.length === 0)
  )
    return {
      kind: "rule",
      name: "buy_and_hold",
      params: {},
      reason: "the code buys on the first bar and never sells: buy and hold",
    };
  const found = bestMatch(program) ?? bestMatch(proseRules(text, translator));
  if (found)
    return {
      kind: "rule",
      name: found.rule.name,
      params: found.params,
      reason: `the code's entry${found.exitMatched ? " and exit" : ""} match ${found.rule.title} (${found.rule.entry} / ${found.rule.exit}) with ${JSON.stringify(found.params)}`,
    };
  // A query or program that reads no price at all ("select * from feelings …") names no testable rule.
  if (SQL.test(text) && !PRICE.test(text))
    return {
      kind: "unsupported",
      reason:
        "the code reads no price series or indicator of the market data, so no rule can be tested on it",
    };
  return null;
}

/** Markers of code in any of the dialects: calls with arguments, assignments, method chains, SQL. */
const CODE =
  /\b(?:ta|np|pd|df|bt|vbt|self|strategy|talib|math|px)\.\w|\.(?:rolling|ewm|shift|pct_change)\(|\b\w+\s*(?:=|:=)\s*[\w.]+\(|\b(?:entry|exit|entries|exits)\s*[:=]|\b(?:crosses_above|crosses_below|zscore|roc|sma|ema|rsi|macd|highest|lowest)\s*\(|^\s*(?:if|elif)\b|\bselect\b[\s\S]+\bfrom\b|=\s*if\s*\(/im;
const SQL = /\bselect\b[\s\S]+\bfrom\b/i;
const PRICE = /\b(?:close|closes|price|prices|adj_close|open|high|low|volume|return|returns)\b/i;

/** Calls and settings that no library rule has: indicators the language lacks, sizing, stops, intraday times. */
const LACKING =
  /\b(?:ta\.|talib\.|bt\.ind(?:icators)?\.|vbt\.)?(stoch\w*|dmi|adx\w*|vwap|cci|mfi|obv|sar|supertrend|kc|keltner\w*|ichimoku|willr|wpr|aroon|atr|williams\w*)\s*\(/i;
const SIZING =
  /\bqty\s*=|qty_percent|strategy\.equity|SetPositionSize|PositionSize\s*=|order_target_percent|order_percent|\b(?:size|lots?)\s*=\s*(?!None\b)[\w.(]/i;
const STOPS =
  /ApplyStop|SetStopLoss|SetPercentTrailing|SetStopContract|SetProfitTarget|strategy\.exit\s*\([^)]*\b(?:stop|loss|trail_\w+|profit|limit)\s*=|\b(?:sl_stop|tp_stop|sl_trail|stop_loss|take_profit)\s*=|OrderModify/i;
const INTRADAY_CODE =
  /\btime\s*\(\s*timeframe\.period\s*,\s*"\d{4}-\d{4}"|\b(?:hour|minute)\s*(?:==|>=|<=)|timeframe\.isintraday|PERIOD_(?:M\d+|H\d+)|\bTimeHour\(|\.between_time\(/;

function refuse(text: string): string | null {
  const lacking = LACKING.exec(text);
  if (lacking)
    return `the code calls ${lacking[0].replace(/\s*\($/, "")}, and ${/^atr$/i.test(lacking[1]!) ? "no library rule is built on ATR" : `the rule language has no ${lacking[1]} indicator`}, so this is refused rather than run as a different rule`;
  const sizing = SIZING.exec(text);
  if (sizing)
    return `the code sizes its positions (${sizing[0].trim()}) and every rule here trades all-in, so this is refused rather than run without its sizing`;
  const stop = STOPS.exec(text);
  if (stop)
    return `the code exits on a stop or target (${stop[0].slice(0, 40)}) and no library rule has one, so this is refused rather than run without it`;
  const intraday = INTRADAY_CODE.exec(text);
  if (intraday)
    return `the code uses times inside the day (${intraday[0]}) and the market data is daily bars, so this is refused`;
  return null;
}

const isTrue = (n: Node) => n.kind === "name" && n.name === "true";

/** Every pairing of the code's entries (or states) with its exits (or the state's opposite), best match first. */
function bestMatch(p: Program): CodeMatch | null {
  const entries = [...p.entries, ...p.states].filter((e) => !isTrue(e));
  let entryOnly: CodeMatch | null = null;
  for (const entry of entries) {
    const fromState = !p.entries.includes(entry);
    const exits: Node[] = p.exits.length
      ? p.exits
      : fromState
        ? [{ kind: "unary", op: "not", arg: entry, col: 0 }]
        : [];
    for (const exit of exits) {
      const m = matchRule(entry, exit);
      if (m) return m;
    }
    if (exits.length === 0 && p.unreadExits === 0) entryOnly ??= matchRule(entry, null);
  }
  return entryOnly;
}

const ENTRY_WORDS = /\b(?:entry|entries|enter|buy|get in|go long|long when|in when)\b/i;
const EXIT_WORDS = /\b(?:exit|exits|sell|get out|flat|out when|close out)\b/i;

/**
 * Rule-language expressions inside prose: "crosses_below(rsi(10), 35) to get in, crosses_above(rsi(10), 65) to get
 * out", "XLE: entry zscore(50) < -1.5, exit zscore(50) > 0.5". Each comma, semicolon or line piece, cut after its
 * label, is read with the real parser (then as code), dropping trailing words until it parses.
 */
function proseRules(text: string, tr: Translator): Program {
  const program: Program = { entries: [], exits: [], states: [], shorts: 0, unreadExits: 0, holding: false };
  for (const line of text.split(/\n/))
    for (const piece of splitTop(line, ",").flatMap((p) => splitTop(p, ";")))
      for (const chunk of piece.split(/(?=\b(?:entry|exit|entries|exits)\b)/i)) {
        const label = /^\s*(?:[\w$-]+\s*:\s*)?(?:entry|exit|entries|exits|buy|sell)?\s*[:=]?\s*/i.exec(
          chunk,
        )![0];
        const words = chunk.slice(label.length).trim().split(/\s+/);
        let read = false;
        for (let cut = words.length; cut > 0 && cut >= words.length - 6; cut--) {
          const n = condition(tr, words.slice(0, cut).join(" "));
          if (!n || !isBoolean(n)) continue;
          if (EXIT_WORDS.test(chunk)) program.exits.push(n);
          else if (ENTRY_WORDS.test(chunk) || program.entries.length === 0) program.entries.push(n);
          read = true;
          break;
        }
        if (!read && EXIT_WORDS.test(chunk)) program.unreadExits++;
      }
  return program;
}
