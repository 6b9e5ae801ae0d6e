import { splitTop } from "./parse-code.ts";

/**
 * Buy and hold written as signal arrays: an entry array true on the first bar alone and an exit array never true,
 * however the library builds them. The entry set element by element (`entries = pd.Series(False, …)` then
 * `entries.iloc[0] = True`, `np.zeros(n, bool)` then `e[0] = True`, a 0/1 column set to 1 at row 0 and compared
 * with 1), or built whole (`np.r_[True, np.zeros(n - 1, bool)]`, `[True] + [False] * (n - 1)`, `df.index ==
 * df.index[0]`, `np.arange(n) == 0`); the exit an array of falses or zeros never set (`np.zeros`, `np.full(n,
 * False)`, `pd.Series(False, …)`), or none at all. An exit that can fire, or an entry set on any other bar (a mask,
 * a second row), and it is a rule, not this.
 */
export function firstBarOnly(code: string): boolean {
  const lines = code
    .split(/\n|;/)
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter(Boolean);
  const defs = new Map<string, string[]>();
  for (const line of lines) {
    const m = ASSIGN.exec(line);
    if (m) defs.set(m[1]!, [...(defs.get(m[1]!) ?? []), m[2]!.trim()]);
  }
  /** What a name holds over the bars: true on the first only, never true, or something else. */
  const kind = (name: string, seen = new Set<string>()): "first" | "never" | "other" => {
    if (seen.has(name)) return "other";
    seen.add(name);
    const made = defs.get(name);
    if (made?.length !== 1) return "other";
    const v = made[0]!;
    // True on every bar is the first bar's entry too: entries while long change nothing.
    if (FIRST_WHOLE.test(v) || TRUE_ARRAY.test(v)) return "first";
    // `sig == 1` of a column set to 1 on the first bar alone is that bar; `sig == -1` (or `< 0`) is never.
    const cmp = /^\(?\s*([A-Za-z_]\w*)\s*(==|>|<)\s*(1|True|true|0|-1)\s*\)?$/.exec(v);
    if (cmp) {
      const inner = kind(cmp[1]!, seen);
      const up = (cmp[2] === "==" && cmp[3] !== "0" && cmp[3] !== "-1") || (cmp[2] === ">" && cmp[3] === "0");
      const down = (cmp[2] === "==" && cmp[3] === "-1") || (cmp[2] === "<" && cmp[3] === "0");
      if (inner === "never" && (up || down)) return "never";
      return inner === "first" ? (up ? "first" : down ? "never" : "other") : "other";
    }
    if (!FALSE_ARRAY.test(v)) return "other";
    // Element writes after it: the first element set true (or 1) makes it the first bar's alone.
    const writes = lines.filter((l) =>
      new RegExp(`^${esc(name)}\\s*(?:\\.(?:iloc|iat|loc|at|values))?\\[`).test(l),
    );
    if (writes.length === 0) return "never";
    if (writes.length === 1 && FIRST_WRITE(name).test(writes[0]!)) return "first";
    return "other";
  };
  const args = signalArgs(code);
  let entry: string | undefined;
  let exit: string | undefined;
  if (args) {
    const positional = args.filter((a) => !/^\w+\s*=(?!=)/.test(a));
    const kw = (k: string) => args.find((a) => new RegExp(`^${k}\\s*=`).test(a))?.replace(/^\w+\s*=\s*/, "");
    entry = kw("entries") ?? positional[1];
    exit = kw("exits") ?? positional[2];
  } else {
    entry = [...defs.keys()].find((k) => ENTRY.test(k));
    exit = [...defs.keys()].find((k) => EXIT.test(k));
  }
  if (!entry || !/^[A-Za-z_]\w*$/.test(entry) || kind(entry) !== "first") return false;
  if (exit === undefined) return !lines.some((l) => /\bexits?\b|\bsell\b/i.test(l));
  if (/^[A-Za-z_]\w*$/.test(exit)) return kind(exit) === "never";
  return FALSE_ARRAY.test(exit) || /^(?:None|False)$/.test(exit);
}

/** The arguments of vectorbt's `from_signals(price, entries, exits, …)`, split at the top level. */
function signalArgs(code: string): string[] | null {
  const at = /\bfrom_signals\s*\(/.exec(code);
  if (!at) return null;
  let depth = 0;
  const start = at.index + at[0].length;
  for (let i = start; i < code.length; i++) {
    const ch = code[i]!;
    if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) {
      if (depth === 0) return splitTop(code.slice(start, i), ",").map((a) => a.trim());
      depth--;
    }
  }
  return null;
}

const ASSIGN = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/;
const ENTRY = /^(?:entries|entry|buys?|long_?entries|enter|signal_?in)$/i;
const EXIT = /^(?:exits?|sells?|long_?exits|signal_?out)$/i;
const FALSE = "(?:False|false|0)";
/** An array of falses or zeros as numpy, pandas or Python build one. */
const FALSE_ARRAY = new RegExp(
  String.raw`^(?:(?:pd\.)?Series\(\s*${FALSE}\s*,[^)]*\)|(?:np\.)?zeros(?:_like)?\(.*\)|(?:np\.)?full(?:_like)?\(.*,\s*${FALSE}\s*(?:,\s*dtype\s*=\s*\w+)?\s*\)|\[\s*${FALSE}\s*\]\s*\*\s*.+|(?:\w+\s*\*\s*0|${FALSE}))$`,
);
/** An array of trues or ones. */
const TRUE_ARRAY =
  /^(?:(?:pd\.)?Series\(\s*(?:True|true|1)\s*,[^)]*\)|(?:np\.)?ones(?:_like)?\(.*\)|(?:np\.)?full(?:_like)?\(.*,\s*(?:True|true|1)\s*(?:,\s*dtype\s*=\s*\w+)?\s*\)|\[\s*(?:True|true|1)\s*\]\s*\*\s*[^+]+)$/;
/** An array true (or 1) on the first bar alone, built in one expression. */
const FIRST_WHOLE = new RegExp(
  String.raw`^(?:(?:pd\.)?Series\(\s*)?(?:np\.r_\[\s*(?:True|1)\s*,\s*(?:np\.)?(?:zeros|full)\(.*\]|\[\s*(?:True|1)\s*\]\s*\+\s*\[\s*${FALSE}\s*\]\s*\*.+|np\.concatenate\(\s*[([]\s*\[\s*(?:True|1)\s*\]\s*,\s*(?:np\.)?zeros\(.*|([\w.]+\.index)\s*==\s*\1\[\s*0\s*\].*|np\.arange\(.*\)\s*==\s*0\b.*)$`,
);
/** `x.iloc[0] = True`, `x[0] = 1`, `x.iat[0] = True`, `x.iloc[:1] = True`, `x.loc[x.index[0]] = True`. */
const FIRST_WRITE = (name: string) =>
  new RegExp(
    String.raw`^${esc(name)}\s*(?:\.(?:iloc|iat|loc|at|values))?\[\s*(?:0|:1|[\w.]+\.index\[\s*0\s*\])\s*\]\s*=(?!=)\s*(?:True|true|1)\s*$`,
  );
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A guard that lets the buy through once: a flag the code sets after buying and never clears (`if not
 * self.done:` … `self.done = True`, zipline's `if not context.bought:`): the first bar, as `if not self.position`
 * is. False when the flag is cleared again anywhere after the guard (a sell would clear it).
 */
export function onceFlag(guard: string, code: string): boolean {
  const m = /^(?:not\s+|!\s*)([A-Za-z_][\w.]*)$|^([A-Za-z_][\w.]*)\s*==\s*(?:False|false|0)$/.exec(
    guard.trim(),
  );
  const flag = m?.[1] ?? m?.[2];
  if (!flag) return false;
  const f = esc(flag);
  const set = new RegExp(`(?:^|[\\s;:])${f}\\s*=(?!=)\\s*(?:True|true|1)\\b`);
  const cleared = [...code.matchAll(new RegExp(`(?:^|[\\s;:])${f}\\s*=(?!=)\\s*(?:False|false|0)\\b`, "g"))];
  const at = code.indexOf(guard.trim());
  return set.test(code) && cleared.every((c) => c.index < at);
}

/**
 * An order for the whole account in one fixed asset, under no condition at all (zipline's `order_target_percent(
 * context.asset, 1.0)` in a scheduled rebalance, backtrader's `self.order_target_percent(target=1.0)` every bar):
 * the target is the position already held after the first bar, so it is held throughout. Not when the asset is
 * chosen (a ranking, a maximum) or anything is compared, sold or shorted.
 */
export function alwaysAllIn(code: string): boolean {
  const order =
    /\b(?:order_target_percent|set_?holdings)\s*\(\s*(?:([\w.]+|symbol\(\s*['"][\w.-]+['"]\s*\)|['"][\w.-]+['"])\s*,\s*)?(?:target\s*=\s*)?1(?:\.0*)?\s*\)/.exec(
      code,
    );
  if (!order) return false;
  if (
    /\b(?:if|elif|when|while|where|iif|case)\b|[<>]=?|==|!=|\b(?:idxmax|argmax|argmin|idxmin|nlargest|rank|sort\w*|max|min)\s*\(/.test(
      code,
    )
  )
    return false;
  if (
    /\b(?:sell|close|liquidate|short|cover)\w*\s*\(|order_target_percent\s*\([^)]*[,(]\s*0(?:\.0*)?\s*\)/i.test(
      code,
    )
  )
    return false;
  const asset = order[1];
  if (!asset || /^(?:symbol\(|['"])/.test(asset)) return true;
  return new RegExp(`${esc(asset)}\\s*=\\s*(?:symbol|sid|sym)\\(\\s*['"]?[\\w.-]+['"]?\\s*\\)`).test(code);
}

/**
 * A condition true on the first bar alone, as platforms write it: Pine's `barstate.isfirst` and `bar_index == 0`,
 * AmiBroker's `BarIndex() == 0`, EasyLanguage's `CurrentBar = 1` (counted from 1), a loop's `i == 0`.
 */
export function firstBarGuard(guard: string): boolean {
  return /^\(?\s*(?:barstate\.isfirst|(?:bar_?index|barindex\(\)|bar_?number|i|t|bar)\s*==?\s*0|(?:currentbar|barnumber)\s*==?\s*1)\s*\)?\s*;?$/i.test(
    guard.trim(),
  );
}
