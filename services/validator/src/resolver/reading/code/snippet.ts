import type { Node } from "../../../rules/parse.ts";
import { TICKER } from "./dialect.ts";
import { splitTop } from "./parse-code.ts";
import { call, type Env, isNode, nm, num, type Value } from "./translate.ts";

/**
 * Names a pasted snippet uses but defines elsewhere: in a comment beside the code, or above the paste (the Bollinger
 * bands of a squeeze cut from a longer script).
 */

/**
 * Variables a snippet defines only in a comment (`exit = crossunder(close, mid)  # mid = sma(20)`, `// where k = 2.5`,
 * `# bands: mid = sma(25), k = 1.5`): read as if written as code, unless the code itself assigns the name (`coded`:
 * the comment is then an old value or a note). A comment naming what a variable stands for by a ticker alone (`# y =
 * EWA, x = EWC`) says whose prices it holds: that ticker's close.
 */
export function commentDefinitions(
  text: string,
  coded: ReadonlySet<string>,
  env: Env,
  read: (rhs: string) => Value | null,
) {
  for (const c of text.matchAll(/(?:^|\s)(?:#|\/\/|--)\s*(?:where\s+|with\s+)?([^\n]+)/g))
    for (const part of splitTop(c[1]!, ",").flatMap((p) => splitTop(p, ";"))) {
      // "y: EWA", "x is EWC", "a -> KO": a variable named by its ticker, in the words of a note.
      const named =
        /^\s*(?:and\s+)?([a-z_]\w{0,15})\s*(?::|->|\bis\b|\bholds\b)\s*\$?([A-Z][A-Z0-9]{0,4}(?:[.-][A-Z]{1,4})?)\s*(?:closes?|prices?)?\s*$/.exec(
          part,
        );
      if (named && TICKER.test(named[2]!) && !coded.has(named[1]!) && !env.has(named[1]!)) {
        env.set(named[1]!, call("close", nm(named[2]!)));
        continue;
      }
      const def = /^\s*(?:and\s+|[A-Za-z][\w ]{0,20}:\s+)?([A-Za-z_]\w*)\s*(?::=|<-|=(?!=))\s*(.+?)\s*$/.exec(
        part,
      );
      if (!def || coded.has(def[1]!) || env.has(def[1]!)) continue;
      const ticker = /^\$?([A-Z][A-Z0-9]{0,4}(?:[.-][A-Z]{1,4})?)$/.exec(def[2]!);
      const v = ticker && TICKER.test(ticker[1]!) ? call("close", nm(ticker[1]!)) : read(def[2]!);
      if (v) env.set(def[1]!, v);
    }
}

/**
 * Bollinger bands a snippet uses but never defines: a squeeze pasted from the middle of a longer script (`bw = upper -
 * lower`, `crossover(close, upper)`) names the bands by their conventional names and leaves their definition above the
 * paste. Read as the bands only where the code speaks of bands (a squeeze, a band width, Bollinger by name, or a middle
 * line defined as an average), only for names nothing in the text defines (an unreadable `upper = 55-day high` still
 * defines it), with the window of the middle line or of a declared length (else 20) and a declared width (else 2).
 */
const UPPER = new Set(["upper", "upper_band", "upperband", "bbu", "bb_up", "bbup", "top_band", "band_up"]);
const LOWER = new Set([
  "lower",
  "lower_band",
  "lowerband",
  "bbl",
  "bb_lo",
  "bb_low",
  "bottom_band",
  "band_lo",
]);
const MIDDLE = new Set([
  "mid",
  "middle",
  "basis",
  "mid_band",
  "middle_band",
  "midline",
  "centre",
  "center",
  "bbm",
]);
const WINDOW = ["length", "len", "window", "period", "bb_len", "bb_length", "bb_window", "bb_period"];
const WIDTH = ["k", "mult", "nstd", "n_std", "num_std", "std_mult", "dev", "devs", "nbdev", "stdev_mult"];
const CONTEXT = /\b(?:bollinger|bbands?|bb|bands?|squeeze|bandwidth|bw|b_?width|band_?width)\b/i;

/** A resolver of band names for the translator, or null when the code does not speak of bands. */
export function impliedBands(text: string, env: Env): ((name: string) => Node | null) | null {
  if (!CONTEXT.test(text) && middleWindow(env) === null) return null;
  return (name) => {
    const low = name.toLowerCase();
    const side = UPPER.has(low) ? "bb_upper" : LOWER.has(low) ? "bb_lower" : MIDDLE.has(low) ? "sma" : null;
    if (!side || defined(text, name)) return null;
    const w = middleWindow(env) ?? declared(env, WINDOW) ?? 20;
    if (side === "sma") return call("sma", num(w));
    return call(side, num(w), num(declared(env, WIDTH) ?? 2));
  };
}

/** The window of a middle line the code (or a comment) defines as a simple average: `mid = sma(20)`. */
function middleWindow(env: Env): number | null {
  for (const name of MIDDLE) {
    const v = env.get(name);
    if (!isNode(v) || v.kind !== "call" || v.fn !== "sma") continue;
    const n = v.args.at(-1);
    if (n?.kind === "num") return n.value;
  }
  return null;
}

function declared(env: Env, names: string[]): number | null {
  for (const name of names) {
    const v = env.get(name);
    if (isNode(v) && v.kind === "num" && v.value > 0) return v.value;
  }
  return null;
}

/** Whether any line of the text, readable or not, assigns the name (`upper = …`, `upper <- …`, `upper: …`). */
function defined(text: string, name: string): boolean {
  return new RegExp(
    `(?:^|[\\s;,(\\[])${name}\\s*(?:,\\s*[\\w.]+\\s*)*(?::=|<-|=(?!=))|^\\s*${name}\\s*:(?!=)`,
    "im",
  ).test(text);
}
