import { type Node, show } from "../../rules/parse.ts";
import { configMonths } from "./code/config.ts";
import { alwaysAllIn, firstBarOnly } from "./code/first-bar.ts";
import { LOOP } from "./code/loops.ts";
import { condition, isBoolean, type Program, readProgram } from "./code/program.ts";
import { plainCode } from "./code/pseudo.ts";
import { rotation } from "./code/rotation.ts";
import { SHEET } from "./code/spreadsheet.ts";
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
export function readCode(raw: string): PhraseMatch | null {
  // A configuration that lists the months held (or sat out): the season those months make, held while in it.
  const season = configMonths(raw);
  const configured = season ? bestMatch({ ...EMPTY, states: [season] }) : null;
  if (configured) return matched(configured);
  if (!CODE.test(raw) && !LOOP.test(raw) && !SHEET.test(raw)) return null;
  const refusal = refuse(raw);
  if (refusal) return { kind: "unsupported", reason: refusal };
  const text = plainCode(raw);
  const { program, translator } = readProgram(text);
  if (program.shorts > 0 && program.entries.length === 0 && !program.holding)
    return {
      kind: "unsupported",
      reason:
        "the code only opens short positions and the validator tests long-only rules, so this is refused rather than run long",
    };
  if (
    program.holding ||
    firstBarOnly(text) ||
    alwaysAllIn(text) ||
    (program.entries.length > 0 &&
      program.entries.every(isTrue) &&
      program.exits.length === 0 &&
      program.unreadExits === 0)
  )
    return {
      kind: "rule",
      name: "buy_and_hold",
      params: {},
      reason: "the code buys on the first bar and never sells: buy and hold",
    };
  // The strongest of a list of tickers' returns, held while positive: dual momentum (code/rotation.ts).
  const rotated = rotation(text);
  if (rotated)
    return {
      kind: "rule",
      name: "dual_momentum",
      params: { lookback: rotated.lookback },
      symbols: rotated.symbols,
      reason: `the code holds the strongest ${rotated.lookback}-bar return of ${rotated.symbols.join(", ")} while it is positive, cash otherwise: dual momentum`,
    };
  const found = bestMatch(program) ?? bestMatch(proseRules(text, translator));
  if (found) return matched(found);
  // A spreadsheet's formula read as a rule that is none of the library's: its cells' numbers ("B3", "C202") would
  // only mislead the reading of the words, so the formula's rule is refused as read.
  const formula = program.entries[0] ?? program.states[0];
  if (formula && SHEET.test(raw))
    return {
      kind: "unsupported",
      reason: `the spreadsheet's formula reads as ${show(formula)}${program.exits[0] ? ` / ${show(program.exits[0])}` : ""}, which matches no library rule, so this is refused rather than run as another rule (send strategy {entry, exit} in the rule language)`,
    };
  // An indicator of a series the code never defines ("RSI(my_mood, 5)") is not one of the market data's.
  // (Nor a word of speech in brackets after an indicator's name, "the 150 sma (uh, 180)": a correction.)
  const unknown = translator.unknown.find(
    (name) => !new RegExp(`\\b${name}\\s*:?=(?!=)`).test(text) && !SPOKEN.test(name),
  );
  if (unknown)
    return {
      kind: "unsupported",
      reason: `the code applies an indicator to "${unknown}", which it never defines and which is not a series of the market data (daily prices and volume), so no rule can be tested on it`,
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

/**
 * Markers of code in any of the dialects: calls with arguments, assignments (R's `<-`, a frame's column too) of a call
 * or of a comparison (`in_market = month >= 10 or month <= 5`), method chains, SQL.
 */
const CODE =
  /\b(?:ta|np|pd|df|bt|vbt|self|strategy|talib|math|px)\.\w|\.(?:rolling|ewm|shift|pct_change)\(|^\s*[\w.[\]'"]+\s*(?::?=(?!=)|<-)[^\n]*\w\(|\w\([^\n]*\)\s*;|\b(?:entry|exit|entries|exits)\s*[:=]|^\s*(?:buy|sell|entry|exit)(?:\s+(?:rule|signal|condition|when|date|timing))?\s*:|\b(?:crosses_above|crosses_below|zscore|roc|sma|ema|rsi|macd|highest|lowest)\s*\(|\b(?:ret|roc|mom|sma|ema|rsi)_?\d+\s*\(|^\s*(?:df|data|px|prices|frame)\[\s*['"]\w+['"]\s*\]\s*=(?!=)|^\s*(?:if|elif)\b|^\s*[A-Za-z_]\w*\s*(?::=|<-|=(?!=))[^\n=]*?\w\s*(?:[<>]=?|==|!=)\s*[\w(.-]|\bselect\b[\s\S]+\bfrom\b|=\s*if\s*\(/im;
/** Words of speech, not series: hesitations and a correction's markers. */
const SPOKEN = /^(?:u+h+|u+h*m+|e+r+m*|e+h+m*|h+m+|oops|whoops|sorry|wait|actually|nope|no|typo)$/i;
const SQL = /\bselect\b[\s\S]+\bfrom\b/i;
const PRICE = /\b(?:close|closes|price|prices|adj_close|open|high|low|volume|return|returns)\b/i;

/** Calls and settings that no library rule has: indicators the language lacks, sizing, stops, intraday times. */
const LACKING =
  /\b(?:ta\.|talib\.|bt\.ind(?:icators)?\.|vbt\.)?(stoch\w*|dmi|adx\w*|vwap|cci|mfi|obv|sar|supertrend|kc|keltner\w*|ichimoku|willr|wpr|aroon|atr|williams\w*)\s*\(/i;
const SIZING =
  /\bqty\s*=|qty_percent|strategy\.equity|SetPositionSize|PositionSize\s*=|order_percent|\b(?:size|lots?)\s*=\s*(?!None\b)[\w.(]/i;
const STOPS =
  /ApplyStop|SetStopLoss|SetPercentTrailing|SetStopContract|SetProfitTarget|strategy\.exit\s*\([^)]*\b(?:stop|loss|trail_\w+|profit|limit)\s*=|\b(?:sl_stop|tp_stop|sl_trail|stop_loss|take_profit)\s*=|OrderModify/i;
/**
 * Positions scaled by volatility: a number over a rolling deviation or a volatility (`1 / vol`, `0.1 /
 * returns.rolling(20).std()`, Excel's `0.1/STDEV(B182:B201)`), or a volatility target or inverse-volatility weight
 * by name (`target_vol`, `inv_vol`).
 */
const VOL_SIZING =
  /\b(?:target_?vol\w*|vol_?target\w*|inv_?vol\w*|risk_?parity\w*)\b|(?:^|[=(*,\s])(?:\d*\.)?\d+\s*\/\s*\(?\s*(?:[\w.]+\.rolling\(\s*\w+\s*\)\.std\(|(?:np\.|ta\.)?(?:std|stdev(?:\.[sp])?|stddev)\s*\(|[\w.]*\b(?:vol|volatility|sigma|atr)\b)/im;
const INTRADAY_CODE =
  /\btime\s*\(\s*timeframe\.period\s*,\s*"\d{4}-\d{4}"|\b(?:hour|minute)\s*(?:==|>=|<=)|timeframe\.isintraday|PERIOD_(?:M\d+|H\d+)|\bTimeHour\(|\.between_time\(/;

function refuse(text: string): string | null {
  const lacking = LACKING.exec(text);
  if (lacking)
    return `the code calls ${lacking[0].replace(/\s*\($/, "")}, and ${/^atr$/i.test(lacking[1]!) ? "no library rule is built on ATR" : `the rule language has no ${lacking[1]} indicator`}, so this is refused rather than run as a different rule`;
  // Orders for a share of the account: all of it (1) or none (0) is the all-in rule; any other share is sizing.
  for (const m of text.matchAll(/\b(?:order_target_percent|set_?holdings)\s*\(((?:[^()]|\([^()]*\))*)\)/gi)) {
    const share = /(-?\d*\.?\d+)\s*$/.exec(m[1]!)?.[1];
    if (share === undefined || ![0, 1].includes(Number(share)))
      return `the code sizes its positions (${m[0]}) and every rule here trades all-in, so this is refused rather than run without its sizing`;
  }
  const sizing = SIZING.exec(text);
  if (sizing)
    return `the code sizes its positions (${sizing[0].trim()}) and every rule here trades all-in, so this is refused rather than run without its sizing`;
  const scaled = VOL_SIZING.exec(text);
  if (scaled)
    return `the code scales its positions by volatility (${scaled[0].replace(/^[=(*,\s]+/, "").replace(/[(\s]+$/, "")}) and every rule here trades all-in, so this is refused rather than run without its sizing`;
  const stop = STOPS.exec(text);
  if (stop)
    return `the code exits on a stop or target (${stop[0].slice(0, 40)}) and no library rule has one, so this is refused rather than run without it`;
  const intraday = INTRADAY_CODE.exec(text);
  if (intraday)
    return `the code uses times inside the day (${intraday[0]}) and the market data is daily bars, so this is refused`;
  return null;
}

const EMPTY: Program = { entries: [], exits: [], states: [], shorts: 0, unreadExits: 0, holding: false };

function matched(found: CodeMatch): PhraseMatch {
  return {
    kind: "rule",
    name: found.rule.name,
    params: found.params,
    ...(found.symbols ? { symbols: found.symbols } : {}),
    reason: `the code's entry${found.exitMatched ? " and exit" : ""} match ${found.rule.title} (${found.rule.entry} / ${found.rule.exit}) with ${JSON.stringify(found.params)}`,
  };
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
      const m =
        matchRule(entry, exit) ?? matchRule(...heldState(entry, exit)) ?? levelsAsCrossings(entry, exit);
      if (m) return m;
    }
    // Long while one average is above another (`signal = fast > slow`, `np.where(fast > slow, 1, 0)`): the same
    // position as buying the cross up and selling the cross down, so it is that crossover rule.
    // (Also when the code buys on `fast > slow` and sells on `fast < slow`: the same held state.)
    const opposite = p.exits.some(
      (x) =>
        x.kind === "binary" &&
        entry.kind === "binary" &&
        (x.op === "<" || x.op === ">") &&
        x.op !== entry.op &&
        show(x.left) === show(entry.left) &&
        show(x.right) === show(entry.right),
    );
    if ((fromState || opposite) && entry.kind === "binary" && (entry.op === ">" || entry.op === "<")) {
      const [a, b] = entry.op === ">" ? [entry.left, entry.right] : [entry.right, entry.left];
      const up: Node = { kind: "call", fn: "crosses_above", args: [a, b], col: 0 };
      const down: Node = { kind: "call", fn: "crosses_below", args: [a, b], col: 0 };
      const m = matchRule(up, down);
      if (m?.rule.entry.startsWith("crosses_above(") && !m.rule.entry.includes("close,")) return m;
    }
    if (exits.length === 0 && p.unreadExits === 0) entryOnly ??= matchRule(entry, null);
  }
  return entryOnly;
}

/**
 * Buying the close's cross above a line and selling its cross below holds the same position as "long while above":
 * the pair as that state (`close > sma(n)` / `close < sma(n)`), for the timing rules written as crossings
 * (`Buy = Cross(C, MA(C, 70))`). Anything else is returned as it was.
 */
function heldState(entry: Node, exit: Node): [Node, Node | null] {
  const cross = (n: Node, fn: string) =>
    n.kind === "call" && n.fn === fn && n.args.length === 2 ? n.args : null;
  const up = cross(entry, "crosses_above") ?? swap(cross(entry, "crosses_below"));
  const down = cross(exit, "crosses_below") ?? swap(cross(exit, "crosses_above"));
  const text = (args: Node[]) => args.map((n) => show(n)).join(",");
  if (!up || !down || text(up) !== text(down)) return [entry, exit];
  const [a, b] = up as [Node, Node];
  return [
    { kind: "binary", op: ">", left: a, right: b, col: 0 },
    { kind: "binary", op: "<", left: a, right: b, col: 0 },
  ];
}
/**
 * Buying while a series is under a lower line and selling while it is over a higher one (`if p < lower: buy` /
 * `elif p > upper: sell`, `rsi < 30` / `rsi > 70`): flat, the first bar under the lower line is a cross below it
 * (the bar before was not under it, or it would have bought then), and long, the first bar over the higher line is
 * a cross above it, so the trades are those of the crossing rule, as long as the two regions cannot overlap: the
 * Bollinger bands (lower under upper) and an oscillator's levels with the buy level under the sell level.
 */
function levelsAsCrossings(entry: Node, exit: Node): CodeMatch | null {
  const below = under(entry);
  const above = under(exit, true);
  if (!below || !above) return null;
  const m = matchRule(
    { kind: "call", fn: "crosses_below", args: below, col: 0 },
    { kind: "call", fn: "crosses_above", args: above, col: 0 },
  );
  if (m?.rule.name === "bollinger_bands") return m;
  if (m?.rule.name === "rsi_mean_reversion" && (m.params.lower ?? 0) < (m.params.upper ?? 0)) return m;
  return null;
}
/** `a < b` (or `b > a`) as [a, b]; with `over`, `a > b` (or `b < a`). */
function under(n: Node, over = false): [Node, Node] | null {
  if (n.kind !== "binary") return null;
  const lt = n.op === "<" || n.op === "<=";
  const gt = n.op === ">" || n.op === ">=";
  if (!lt && !gt) return null;
  return lt !== over ? [n.left, n.right] : [n.right, n.left];
}

const swap = (args: Node[] | null) => (args ? [args[1]!, args[0]!] : null);

const ELSE_FLAT =
  /^\W*(?:(?:hold|own|long|buy|be in|stay in)\s+[\w$.-]+\W*)?(?:else|otherwise)\b\W*(?:(?:be|go|stay|sit|hold|in|to)\s+)*(?:cash|flat|out|nothing|t-?bills)\b/i;
// "Buy if <cond>": the action before its condition; "<cond> to get in": after it, unless it opens the next
// clause ("…, sell if <cond>").
const ENTRY_BEFORE = /\b(?:entry|entries|enter|buy|get in|go long|long|in)\b(?:\s+(?:if|when|once))?\W*$/i;
const EXIT_BEFORE = /\b(?:exit|exits|sell|get out|flat|out|close out|cover)\b(?:\s+(?:if|when|once))?\W*$/i;
const ENTRY_AFTER =
  /^\W*(?:to |as (?:the |my )?|for (?:the )?)?(?:get in|enter|entry|buy|go long|long)\b(?!\s+(?:if|when|once)\b)/i;
const EXIT_AFTER =
  /^\W*(?:to |as (?:the |my )?|for (?:the )?)?(?:get out|exit|sell|go flat|flat)\b(?!\s+(?:if|when|once)\b)/i;

/**
 * Rule-language expressions inside prose: "crosses_below(rsi(10), 35) to get in, crosses_above(rsi(10), 65) to get
 * out", "XLE: entry zscore(50) < -1.5, exit zscore(50) > 0.5". On each line, the longest run of words from each
 * position that reads as a condition (the real parser, then code) is one; the words before and after it say
 * whether it enters or exits (unlabelled: the first enters, the next exits).
 */
function proseRules(text: string, tr: Translator): Program {
  const program: Program = { entries: [], exits: [], states: [], shorts: 0, unreadExits: 0, holding: false };
  // A bounded search: a long post costs at most this many parse attempts, not its length squared.
  let budget = 3000;
  for (const line of text.split(/\n/).slice(0, 60)) {
    const words = line.trim().split(/\s+/).slice(0, 80);
    let last = 0;
    const found: Array<{ node: Node; from: number; to: number }> = [];
    for (let i = 0; i < words.length && budget > 0; i++) {
      // An expression starts with a name, a number, a sign or a bracket, not with a word's punctuation.
      if (!/^[-(]?[\w.]/.test(words[i]!)) continue;
      for (let j = Math.min(words.length, i + 30); j > i && budget-- > 0; j--) {
        const window = words
          .slice(i, j)
          .join(" ")
          .replace(/[,;.]+$/, "");
        if (!/[<>=(]/.test(window)) break;
        // "H = MAX(…)" assigns a variable (read as a statement already); it is no condition. So does R's arrow
        // before an expression ("z <- (spr - m) / s"), not before a number ("z <-2": z below -2).
        if (/^[\w.]+\s*(?::?=(?!=)|<-(?!\s*[-\d.]))/.test(window)) break;
        const n = condition(tr, window);
        if (n && isBoolean(n)) {
          found.push({ node: n, from: i, to: j });
          i = j - 1;
          break;
        }
      }
    }
    found.forEach(({ node, from, to }, k) => {
      const before = words.slice(last, from).join(" ");
      const after = words.slice(to, found[k + 1]?.from ?? words.length).join(" ");
      last = to;
      // The words of its own clause first ("long z < -2, exit z > 0": "exit" opens the next clause, it does not
      // follow this one), then those either side.
      const own = before.split(/[,;]/).at(-1)!;
      if (EXIT_BEFORE.test(own)) program.exits.push(node);
      else if (ENTRY_BEFORE.test(own)) program.entries.push(node);
      else if (EXIT_BEFORE.test(before) || EXIT_AFTER.test(after)) program.exits.push(node);
      else if (ENTRY_BEFORE.test(before) || ENTRY_AFTER.test(after) || program.entries.length === 0)
        program.entries.push(node);
      else program.exits.push(node);
    });
    // An exit stated in words the parsers cannot read ("exit when z > 0.5" with z undefined) leaves the rule's
    // exit unknown: an entry alone must not stand for it.
    const rest = found.length ? words.slice(last).join(" ") : line;
    // "Hold SPY if <cond>; else cash": one condition held while true, flat otherwise, is a held state.
    if (found.length === 1 && ELSE_FLAT.test(rest) && program.entries.at(-1) === found[0]!.node) {
      program.states.push(program.entries.pop()!);
      continue;
    }
    if (
      /\b(?:exit|sell|get out|flat|cover)\b/i.test(rest) &&
      !found.some((f) => program.exits.includes(f.node))
    )
      program.unreadExits++;
  }
  return program;
}
