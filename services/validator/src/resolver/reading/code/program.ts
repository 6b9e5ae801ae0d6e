import { FUNCTIONS } from "../../../rules/compile.ts";
import { type Node, parseRule } from "../../../rules/parse.ts";
import { unlagged } from "./delay.ts";
import { firstBarGuard, onceFlag } from "./first-bar.ts";
import { balanced, type CNode, parseCode, splitTop } from "./parse-code.ts";
import { signalIn } from "./signals.ts";
import { commentDefinitions, impliedBands } from "./snippet.ts";
import { type Env, isNode, nm, num, Translator, type Value } from "./translate.ts";

/**
 * A pasted program read as statements: its variables (assignments, destructured tuples, object fields), the
 * conditions under which it enters and exits (`entries = …`, `Buy = …`, `if cond` + `strategy.entry`, `If … then
 * Buy`, `if …: self.buy()`, `entry: <rule>`), and state signals held while true (`signal = …`, `np.where(cond, 1,
 * 0)`, a bare comparison, Excel `=IF(…,1,0)`, SQL `case when … then 1 else 0 end`).
 */
export interface Program {
  entries: Node[];
  exits: Node[];
  /** Conditions held while true (long when true, flat when false). */
  states: Node[];
  /** Entries that open a short position; with no long entry the code is short-only. */
  shorts: number;
  /** Exit statements whose condition could not be read: an entry alone then matches no rule. */
  unreadExits: number;
  /** Buys on the first bar and never sells (`from_holding`, `barstate.isfirst`, `if not self.position: buy`). */
  holding: boolean;
}

const ENTRY_NAME =
  /^(?:entr(?:y|ies)|buys?|longs?|enter|go_?long|long_?(?:entry|entries|signal|condition|cond)|longcondition|buy_?\w*|long_\w+|entry_\w+|\w+_entr(?:y|ies))$/i;
const EXIT_NAME =
  /^(?:exits?|sells?|exit_?\w*|sell_?\w*|\w+_exits?|close_?long|longexit|exitlong|cover|flat)$/i;
const SHORT_NAME = /^(?:short|shorts|sellshort|short_?\w*)$/i;
const STATE_NAME =
  /^(?:signals?|sigs?|hold\w*|pos|positions?|invested|in_?\w+|regime|active|state|long_?only|is_?long|allocation|weight|target)$/i;

/**
 * "if <cond>: hold IWM" / "own SPY" / "stay in QQQ": the symbol is held while the condition is true and not
 * otherwise (an `elif` or `else` names what is held instead), a held state rather than an order.
 */
const HOLD_ACTION =
  /^\W*(?:hold|own|stay\s+(?:in|long)|be\s+(?:in|long)|remain\s+in|switch\s+to|rotate\s+(?:in)?to|allocate\s+to)\s+(?:[A-Z][A-Z0-9]{0,5}(?:[.-][A-Z]{1,4})?\b|long\b)/;

const POSITION_FLAG =
  /\s*(?:\band\b|&&|&)\s*(?:not\s+|!\s*|~\s*)?(?:[A-Za-z_]\w*\.)*(?:held|holding|invested|in_?(?:position|trade|market)|is_?long|bought|long_?open|position_?open|has_?position|positioned)\b(?:\s*==\s*(?:true|false|0|1)\b)?/gi;

const POSITION_FLAG_FIRST =
  /^\s*(?:not\s+|!\s*|~\s*)?(?:[A-Za-z_]\w*\.)*(?:held|holding|invested|in_?(?:position|trade|market)|is_?long|bought|long_?open|position_?open|has_?position|positioned)\b(?:\s*==\s*(?:true|false|0|1)\b)?\s*(?:\band\b|&&|&)\s*/i;

const ENTRY_ACTION =
  /strategy\.entry\s*\([^)]*strategy\.long|self\.buy\s*\(|\bbuy\b|OP_BUY|enter_?long|buy_to_open|(?:order_target_percent|set_?holdings)\s*\((?:[^()]|\([^()]*\))*?\b1(?:\.0*)?\s*\)/i;
const SHORT_ACTION = /strategy\.short|sell\s*short|sellshort|OP_SELL|enter_?short/i;
const EXIT_ACTION =
  /strategy\.close|close_all|\.close\s*\(\s*\)|self\.sell|\bsell\b|exit_?long|sell_to_close|strategy\.exit|\bcover\b|\bliquidate\b|(?:order_target_percent|set_?holdings)\s*\((?:[^()]|\([^()]*\))*?\b0(?:\.0*)?\s*\)/i;

const SQL_WINDOW_AGGREGATE =
  /\b(avg|mean|max|min|stddev(?:_pop|_samp)?|stdev)\s*\(\s*([\w.]+)\s*\)\s*over\s*\(\s*(?:partition\s+by\s+[\w.,\s]+?\s+)?order\s+by\s+[\w.]+(?:\s+asc)?\s+rows\s+(?:between\s+(\d+)\s+preceding\s+and\s+current\s+row|(\d+)\s+preceding)\s*\)/gi;
const SQL_WINDOW = /\s*\bover\s*\(\s*(?:partition\s+by\s+[^()]*?)?(?:order\s+by\s+[^()]*)?\)/gi;

/** Comments out, SQL and Excel wrappers as calls; the statements split on new lines and semicolons. */
export function statements(text: string): Array<{ indent: number; text: string }> {
  const code = text
    // Interactive prompts before each line (`julia> `, `>>> `, `In [3]: `, `octave:1> `, R's `> `): not code.
    .replace(/^[ \t]*(?:julia>|>>>|\.\.\.:?|In \[\d+\]:|octave:\d+>|>>|>)[ \t]/gm, "")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/(^|[^:"'])\/\/.*$/gm, "$1")
    .replace(/(^|\s)#.*$/gm, "$1")
    .replace(/(^|\s)--\s.*$/gm, "$1")
    // EasyLanguage comments in braces; a rule's {placeholder} has no space in it.
    .replace(/\{[^{}\n]*\s[^{}\n]*\}/g, " ")
    // R's list accessor: bb$dn is bb.dn.
    .replace(/(?<=\w)\$(?=[A-Za-z_])/g, ".")
    // SQL window functions: an aggregate over the N preceding rows and the current one is that indicator over N + 1
    // bars (`avg(close) over (order by d rows between 199 preceding and current row)` is sma(close, 200), stddev its
    // std, which unify.ts folds with the average into a z-score); the window clause of `lag(close, 126) over (order
    // by d)` only orders the rows, and goes.
    .replace(SQL_WINDOW_AGGREGATE, (_all, fn: string, x: string, n?: string, short?: string) => {
      const bars = Number(n ?? short) + 1;
      const name = /^(?:avg|mean)$/i.test(fn)
        ? "sma"
        : /^max$/i.test(fn)
          ? "highest"
          : /^min$/i.test(fn)
            ? "lowest"
            : "std";
      return `${name}(${x}, ${bars})`;
    })
    .replace(SQL_WINDOW, "")
    .replace(/\bextract\s*\(\s*month\s+from\s+[\w.]+\s*\)/gi, "month()")
    .replace(/([\w.]+(?:\(\))?)\s+between\s+([\w.]+)\s+and\s+([\w.]+)/gi, "($1 >= $2 and $1 <= $3)")
    .replace(/\bcase\s+when\s+([\s\S]+?)\s+then\s+1\s+else\s+0\s+end\b/gi, "iif($1, 1, 0)")
    .replace(/\bcase\s+when\s+([\s\S]+?)\s+then\s+0\s+else\s+1\s+end\b/gi, "iif(not ($1), 1, 0)");
  const clean = /\bselect\b[\s\S]+\bfrom\b/i.test(code) ? selectList(code) : code;
  const out: Array<{ indent: number; text: string }> = [];
  for (const line of clean.split(/\n/)) {
    const indent = /^\s*/.exec(line)![0].length;
    for (const part of splitTop(line, ";")) if (part.trim()) out.push({ indent, text: part.trim() });
  }
  return out;
}

/**
 * A query's select list as statements: each column on a line of its own, as when written one per line, and a column's
 * alias as the variable it names (`(close - avg(…)) / stddev(…) as z` is `z = …`, read by the lines after it).
 */
function selectList(sql: string): string {
  return sql
    .replace(
      /\bselect\b([^\n]*?)\bfrom\b/gi,
      (_all, list: string) => `select\n${splitTop(list, ",").join(",\n")}\nfrom`,
    )
    .replace(/^(\s*)(?!select\b)([^\n]+?)\s+as\s+([a-z_]\w*)\s*,?\s*$/gim, "$1$3 = $2");
}

/** The position of the first ":" outside brackets (Python's `if cond: action`), or -1. */
function topColon(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (ch === ":" && depth === 0) return i;
  }
  return -1;
}

const ASSIGN =
  /^(?:(?:var|int|float|double|bool|series|const|let|input|extern|sinput|simple|def|plot)\s+)*(\[[\w\s,.]+\]|[\w.]+(?:\[\s*['"][\w-]+['"]\s*\])?(?:\s*,\s*[\w.]+)*)\s*(?::=|<-|=(?!=)|:(?!=))\s*([\s\S]*)$/;

export function readProgram(text: string): { program: Program; translator: Translator } {
  const env: Env = new Map();
  const excel = /\b[a-z]{1,2}\d+\s*:\s*[a-z]{1,2}\d+\b/i.test(text);
  const tr = new Translator(env, excel);
  tr.tickerFrames = framesOfTickers(text);
  const program: Program = { entries: [], exits: [], states: [], shorts: 0, unreadExits: 0, holding: false };
  const stmts = statements(inlineLambdas(text));
  const bool = (n: Node | null) => !!n && isBoolean(n);

  declarations(text, env);
  calendarCounters(text, env);
  // Names the snippet defines only in a comment or above the paste (code/snippet.ts).
  const coded = new Set(stmts.flatMap((st) => ASSIGN.exec(st.text)?.[1] ?? []).flatMap(targetsOf));
  commentDefinitions(text, coded, env, (rhs) => readValue(tr, rhs));
  tr.bands = impliedBands(text, env);
  /** Boolean variables of no recognised name: the program's output when nothing uses them afterwards. */
  const outputs: Array<{ name: string; node: Node; at: number }> = [];
  /** A position column set to a constant long (`df['position'] = 1`): held from the first bar to the last. */
  const constantLong: string[] = [];
  let conditions = 0;
  /** Exits set to `false`: never taken. */
  let never = 0;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!.text;
    if (/from_holding\s*\(/.test(s)) program.holding = true;
    // if / elif / If … then …: the action on the same line or the next indented one.
    const cond = /^(?:if|elif|else\s+if)\b\s*([\s\S]+)$/i.exec(s);
    if (cond) {
      conditions++;
      let body = cond[1]!;
      let action = "";
      const then = /\bthen\b/i.exec(body);
      const colon = topColon(body);
      const paren = body.startsWith("(") ? balanced(body, 0) : null;
      if (paren && !/^\s*(?:and|or|&&|\|\||[<>=!]=?|[-+*/%])/.test(body.slice(paren.length))) {
        // C-style "if (cond) action" (MQL, EasyLanguage with parentheses); not "if (x - m) / s < -2:", whose
        // bracket is a term of the condition.
        action = body.slice(paren.length).replace(/^\s*then\b/i, "");
        body = paren;
      } else if (then) {
        action = body.slice(then.index + 4);
        body = body.slice(0, then.index);
      } else if (colon >= 0) {
        action = body.slice(colon + 1);
        body = body.slice(0, colon);
      }
      // The action on the next, indented line, unless that line is a condition of its own (a nested if).
      const next = stmts[i + 1];
      if (!action.trim() && next && next.indent > stmts[i]!.indent && !/^(?:if|elif|else)\b/i.test(next.text))
        action = stmts[++i]!.text;
      const guard = body
        .replace(/\bnot\s+self\.position\s+and\b/i, "")
        .replace(/\bself\.position\s+and\b/i, "")
        // A flag the code keeps of its own position (`and not context.held`, `&& !inTrade`): the long-only rule
        // already enters only when flat and exits only when long.
        .replace(POSITION_FLAG, "")
        .replace(POSITION_FLAG_FIRST, "")
        .replace(/\bstrategy\.position_size\s*[=!<>]=?\s*0\s+and\b/i, "")
        .trim();
      const first =
        // (The first bar's own guards, barstate.isfirst and bar_index == 0, are firstBarGuard's.)
        /^(?:not\s+self\.position|strategy\.position_size\s*==\s*0)$/i.test(guard) ||
        firstBarGuard(guard) ||
        onceFlag(guard, text);
      const node = first ? nm("true") : condition(tr, guard);
      if (SHORT_ACTION.test(action)) program.shorts++;
      else if (HOLD_ACTION.test(action)) {
        if (node) program.states.push(node);
      } else if (ENTRY_ACTION.test(action)) {
        if (node) program.entries.push(node);
      } else if (EXIT_ACTION.test(action)) {
        if (node) program.exits.push(node);
        else program.unreadExits++;
      }
      continue;
    }
    // thinkScript AddOrder(OrderType.BUY_TO_OPEN, cond): an entry; SELL_TO_CLOSE: an exit.
    const order = /^AddOrder\s*\(\s*OrderType\.(\w+)\s*,\s*([\s\S]*?)(?:,[^,()]*)*\)\s*$/i.exec(s);
    if (order) {
      const side = order[1]!.toUpperCase();
      const n = condition(tr, splitTop(order[2]!, ",")[0]!);
      if (side === "SELL_TO_OPEN") program.shorts++;
      else if (side === "BUY_TO_OPEN" || side === "BUY_AUTO") {
        if (n) program.entries.push(n);
      } else if (side === "SELL_TO_CLOSE" || side === "SELL_AUTO") {
        if (n) program.exits.push(n);
        else program.unreadExits++;
      }
      continue;
    }
    const when = /strategy\.(entry|close|exit|order)\s*\(([\s\S]*)\)\s*$/.exec(s);
    if (when) {
      const parsed = parseCode(`f(${when[2]})`);
      if (parsed?.k === "call") {
        const dir = when[1] === "close" ? undefined : parsed.args[1];
        const short = dir?.k === "attr" && dir.name === "short";
        const n = parsed.kw.when ? tr.node(parsed.kw.when) : null;
        if (short) program.shorts++;
        else if (when[1] === "entry" || (when[1] === "order" && dir)) {
          if (n) program.entries.push(n);
          // Pine's entry under no condition at all (not in an `if` block, no `when`): taken on the first bar.
          else if (!parsed.kw.when && stmts[i]!.indent === 0) program.entries.push(nm("true"));
        } else if (parsed.kw.when) {
          if (n) program.exits.push(n);
          else program.unreadExits++;
        }
      }
      continue;
    }
    // A value collected bar by bar in a loop (`hedge.append(slope)`, `beta[i] = slope`, `df.loc[df.index[i],
    // 'beta'] = b`): the series of it, as a rolling window computes it (a fit over `y[i-n:i]`).
    const collected = collect(tr, s);
    if (collected) {
      env.set(collected.target, collected.value);
      continue;
    }
    // A signal column of nested conditionals (`sig <- ifelse(c1, 1, ifelse(c2, 0, NA))`, `=IF(c1,"buy",IF(c2,
    // "sell",""))`): an entry and an exit, whatever the line assigns it to (code/signals.ts).
    const signal = signalIn(tr, s);
    if (signal) {
      program.entries.push(signal.entry);
      program.exits.push(signal.exit);
      if (signal.short) program.shorts++;
      continue;
    }
    const assign = ASSIGN.exec(s);
    if (assign) {
      const targets = targetsOf(assign[1]!);
      const rhs = assign[2]!.trim();
      if (!rhs) continue;
      const values = valuesOf(tr, rhs, targets);
      targets.forEach((t, k) => {
        const v = values[k];
        if (v) env.set(t, v);
        const name = t.split(".").at(-1)!;
        const n = isNode(v) ? unlagged(v) : null;
        if (SHORT_NAME.test(name) && n && !isZero(n)) program.shorts++;
        else if (EXIT_NAME.test(name) && !(n && isZero(n))) {
          if (n) program.exits.push(n);
          else program.unreadExits++;
        } else if (EXIT_NAME.test(name) && n?.kind === "name") never++;
        else if (ENTRY_NAME.test(name) && firstBarGuard(rhs)) program.entries.push(nm("true"));
        else if (ENTRY_NAME.test(name) && n) program.entries.push(n);
        else if (STATE_NAME.test(name) && bool(n)) program.states.push(n!);
        else if (STATE_NAME.test(name) && n && isLong(n)) constantLong.push(name);
        else if (bool(n)) outputs.push({ name, node: n!, at: i });
      });
      continue;
    }
    // A bare condition, or one wrapped as np.where / IF / IIf(cond, 1, 0) inside a line of prose.
    const bare = condition(tr, s);
    if (bool(bare)) program.states.push(bare!);
    else
      for (const m of s.matchAll(/\b(?:np\.where|where|if|iif)\s*\(/gi)) {
        const inner = balanced(s, m.index + m[0].length - 1);
        const n = inner ? tr.node(parseCode(`iif${inner}`) ?? { k: "num", v: 0 }) : null;
        if (bool(n)) program.states.push(n!);
      }
  }
  // A spec's exit that never comes ("Exit: n/a") beside an entry on the first bar is buy and hold; beside any other
  // entry it is an exit no rule has, not a rule's own exit left unsaid.
  if (never > 0 && !program.entries.every((e) => e.kind === "name" && e.name === "true"))
    program.unreadExits += never;
  // Only when nothing else is read and the column is never set again (`df.loc[cond, 'position'] = 0`): a
  // constant that a later statement or condition changes is an initial value, not the strategy.
  const nothingElse =
    conditions === 0 &&
    program.entries.length + program.exits.length + program.states.length + program.shorts === 0 &&
    program.unreadExits === 0;
  if (
    nothingElse &&
    constantLong.length === 1 &&
    // Set once: statements that only read it (`ret = pos.shift(1) * r`) change nothing.
    stmts.filter((st) => new RegExp(`\\b${constantLong[0]}\\b[^=\\n]*=(?!=)`).test(st.text)).length === 1
  )
    program.holding = true;
  if (program.entries.length === 0 && program.states.length === 0)
    for (const o of outputs) {
      const used = new RegExp(`(?<![\\w.'"])${o.name.replace(/\W/g, "")}(?![\\w'"])`);
      if (!stmts.slice(o.at + 1).some((st) => used.test(st.text))) program.states.push(o.node);
    }
  return { program, translator: tr };
}

/**
 * backtesting.py's `self.I(lambda x: <body>, series)`: the indicator is its body with the lambda's parameter read as
 * the series handed to it (`rolling(self.n).mean()` of `x` is of `c`).
 */
function inlineLambdas(text: string): string {
  let out = text;
  for (;;) {
    const m = /\b(?:self\.)?I\(\s*lambda\s+(\w+)\s*:/.exec(out);
    if (!m) return out;
    const open = m.index + m[0].indexOf("(");
    const call = balanced(out, open);
    if (!call) return out;
    const parts = splitTop(call.slice(1, -1).replace(/^\s*lambda\s+\w+\s*:/, ""), ",");
    const [body, arg] = [parts[0]!, parts[1]?.trim()];
    if (!arg) return out;
    const inlined = body.replace(new RegExp(`\\b${m[1]}\\b`, "g"), arg).trim();
    out = `${out.slice(0, m.index)}(${inlined})${out.slice(open + call.length)}`;
  }
}

const PRICE_COLUMN = /^(?:CLOSE|OPEN|HIGH|LOW|VOLUME|ADJ|PRICE|PX|DATE|TIME|OHLCV?|C|O|H|L|V)$/;

/** Frames subscripted by a ticker in capitals (`px['HD']`, `closes["KO"]`) the code reads and does not assign. */
function framesOfTickers(text: string): Set<string> {
  const frames = new Set<string>();
  for (const m of text.matchAll(
    /(?<![\w.])([A-Za-z_]\w*)\[\s*(['"])([A-Z][A-Z0-9]{0,4})\2\s*\](\s*=(?!=))?/g,
  ))
    if (!PRICE_COLUMN.test(m[3]!) && !m[4]) frames.add(m[1]!);
  return frames;
}

/**
 * Named numbers the code declares with their defaults: EasyLanguage `Inputs: FastLen(9), SlowLen(18);`,
 * backtrader `params = (('fast', 10),)` / `dict(fast=10)` (read as `self.p.fast`, `self.params.fast`), Python
 * defaults `def strategy(df, fast=10):`. (Pine `input(9)`, AFL `Param("Fast", 9, …)` and MQL `input int Fast = 9;`
 * are assignments, read by translate.ts.)
 */
function declarations(text: string, env: Env) {
  const set = (name: string, value: string) => {
    const v = Number(value);
    if (!Number.isFinite(v)) return;
    for (const key of [name, `p.${name}`, `params.${name}`]) if (!env.has(key)) env.set(key, num(v));
  };
  for (const m of text.matchAll(/^\s*(?:inputs?|vars?|variables?)\s*:\s*([^;\n]*)/gim))
    for (const p of m[1]!.matchAll(/(\w+)\s*\(\s*(-?[\d.]+)\s*\)/g)) set(p[1]!, p[2]!);
  for (const m of text.matchAll(/\bparams\s*=\s*([\s\S]*?)(?:\n\s*\n|\n\s*def\b|$)/g)) {
    for (const p of m[1]!.matchAll(/\(\s*['"](\w+)['"]\s*,\s*(-?[\d.]+)\s*\)/g)) set(p[1]!, p[2]!);
    for (const p of m[1]!.matchAll(/['"](\w+)['"]\s*:\s*(-?[\d.]+)/g)) set(p[1]!, p[2]!);
    for (const p of m[1]!.matchAll(/\b(\w+)\s*=\s*(-?[\d.]+)/g)) set(p[1]!, p[2]!);
  }
  for (const m of text.matchAll(/\bdef\s+\w+\s*\(([^)]*)\)/g))
    for (const p of m[1]!.matchAll(/\b(\w+)\s*=\s*(-?[\d.]+)/g)) set(p[1]!, p[2]!);
}

/**
 * Counters of the month defined in a comment or note by their value on its first or last bar: "bars_left: 0 on the
 * month's last bar" is days_to_month_end, "tday: 1 on the month's first bar" is trading_day_of_month, and another
 * origin ("1 on the month's last bar") is that field plus the difference, so `bars_left == 2` binds the engine's 1.
 */
function calendarCounters(text: string, env: Env) {
  for (const m of text.matchAll(
    /\b([A-Za-z_]\w*)(?:\s*[:=]|\s+is)\s*(\d+)\s+(?:on|at)\s+the\s+(?:month['’]?s\s+(last|first)\s+(?:trading\s+)?(?:bar|day|session)|(last|first)\s+(?:trading\s+)?(?:bar|day|session)\s+of\s+(?:the\s+|a\s+)?month)\b/gi,
  )) {
    const last = (m[3] ?? m[4])!.toLowerCase() === "last";
    const field = nm(last ? "days_to_month_end" : "trading_day_of_month");
    const offset = Number(m[2]) - (last ? 0 : 1);
    env.set(
      m[1]!,
      offset === 0 ? field : { kind: "binary", op: "+", left: field, right: num(offset), col: 0 },
    );
  }
}

const APPEND = /^([\w.]+)\.append\(([\s\S]+)\)$/;
const ELEMENT =
  /^([\w.]+?)(?:\.(?:iloc|loc|at|iat))?\[\s*([^\]'"]*?(?:\[[^\]]*\][^\]'"]*?)?)(?:,\s*['"]([\w-]+)['"])?\s*\]\s*=(?!=)\s*([\s\S]+)$/;

/**
 * `xs.append(v)` or `xs[i] = v` / `df.loc[df.index[i], 'col'] = v` with v a series (not a constant or a
 * condition, which set a position: `df.loc[cond, 'position'] = 0`): the target and the series it collects.
 */
function collect(tr: Translator, s: string): { target: string; value: Node } | null {
  const append = APPEND.exec(s);
  const element = append ? null : ELEMENT.exec(s);
  const m = append ?? element;
  if (!m) return null;
  const rhs = append ? append[2]! : element![4]!;
  const target = element?.[3] ? `${element[1]}.${element[3]}` : m[1]!;
  const value = readValue(tr, rhs);
  if (!isNode(value) || value.kind === "num" || isBoolean(value)) return null;
  return { target: target.replace(/^self\./, ""), value };
}

/** A constant long position: a positive number or `True`. */
const isLong = (n: Node) => (n.kind === "num" && n.value > 0) || (n.kind === "name" && n.name === "true");

/** A condition in the rule language (the real parser first) or in code (translated). */
export function condition(tr: Translator, text: string): Node | null {
  const t = crossWords(text.trim().replace(/[;:]$/, ""));
  if (!t) return null;
  try {
    const rule = parseRule(t);
    // Only rule text whose every name is a field or a function: "fast > slow" is code with variables.
    if (!hasFreeNames(rule)) return rule;
  } catch {
    // not the rule language: read as code below
  }
  const c = parseCode(t);
  return c ? tr.node(c) : null;
}

/**
 * An operand of EasyLanguage's `a crosses over b`: names or calls with a bar offset, joined by arithmetic, since a
 * crossing binds looser than it ("close crosses under mid - 2.5*sd" is a cross of the band, not of the mid line).
 */
const TERM = String.raw`[\w.]+(?:\((?:[^()]|\([^()]*\))*\))?(?:\[\d+\])?`;
const OPERAND = String.raw`${TERM}(?:\s*[-+*/]\s*${TERM})*`;
const CROSS_WORDS = new RegExp(`(${OPERAND})\\s+crosses\\s+(over|above|under|below)\\s+(${OPERAND})`, "gi");

/** `a crosses over b` → crosses_above(a, b); `crosses under` → crosses_below. */
function crossWords(text: string): string {
  return text.replace(
    CROSS_WORDS,
    (_, a: string, dir: string, b: string) =>
      `${/over|above/i.test(dir) ? "crosses_above" : "crosses_below"}(${a}, ${b})`,
  );
}

const KNOWN_NAMES = new Set([
  "close",
  "open",
  "high",
  "low",
  "volume",
  "month",
  "day_of_week",
  "trading_day_of_month",
  "days_to_month_end",
  "true",
  "false",
]);
function hasFreeNames(n: Node): boolean {
  switch (n.kind) {
    case "name":
      return !KNOWN_NAMES.has(n.name);
    case "call":
      // close(XOM): the argument is a ticker, not a variable; `ta.roc`, `Cross` are not the language's functions.
      if (["close", "open", "high", "low", "volume"].includes(n.fn)) return false;
      return !(n.fn in FUNCTIONS) || n.args.some(hasFreeNames);
    case "unary":
      return hasFreeNames(n.arg);
    case "binary":
      return hasFreeNames(n.left) || hasFreeNames(n.right);
    default:
      return false;
  }
}

function targetsOf(target: string): string[] {
  const inner = target.startsWith("[") ? target.slice(1, -1) : target;
  return inner.split(",").map((t) => {
    const x = t.trim().replace(/\[\s*['"]([\w-]+)['"]\s*\]$/, ".$1");
    return x.replace(/^self\./, "");
  });
}

/** The right-hand side's values: one per target, from a tuple of expressions or a multi-output indicator. */
function valuesOf(tr: Translator, rhs: string, targets: string[]): Array<Value | null> {
  const count = targets.length;
  const parts = count > 1 ? splitTop(rhs, ",") : [rhs];
  if (count > 1 && parts.length === count) return parts.map((p) => readValue(tr, p));
  const v = readValue(tr, rhs);
  if (count > 1 && v && "obj" in v) {
    // Destructured by the parts' names when every target names one (`upper, lower = bbands(…)` takes the bands
    // whatever order the function returns them in); otherwise by position.
    const named = targets.map((t) => v.obj[t.split(".").at(-1)!.toLowerCase()]);
    if (named.every(Boolean)) return named as Node[];
  }
  // Two names for a function of three bands (`hi, lo = bbands(…)`) are its outer bands, in the function's order.
  if (count === 2 && v && "tuple" in v && v.tuple.length === 3 && v.obj.upper && v.obj.mid)
    return v.tuple.filter((n) => n !== v.obj.mid);
  if (count > 1) return v && "tuple" in v ? v.tuple : [];
  return [v];
}

function readValue(tr: Translator, text: string): Value | null {
  // "entry: sma20 crosses above sma100": a crossing written in words, as in conditions.
  const t = crossWords(text.trim());
  try {
    const rule = parseRule(t);
    if (!hasFreeNames(rule)) return rule;
  } catch {
    // code, not the rule language
  }
  const c: CNode | null = parseCode(t);
  return c ? tr.value(c) : null;
}

/** Never: a signal set to 0 or `false` (`exit = 0`, `short = False`, a spec's "Exit: n/a"). */
const isZero = (n: Node) => (n.kind === "num" && n.value === 0) || (n.kind === "name" && n.name === "false");

export function isBoolean(n: Node): boolean {
  if (n.kind === "binary") return ["<", "<=", ">", ">=", "==", "!=", "and", "or"].includes(n.op);
  if (n.kind === "unary") return n.op === "not";
  if (n.kind === "call") return n.fn === "crosses_above" || n.fn === "crosses_below";
  return false;
}
