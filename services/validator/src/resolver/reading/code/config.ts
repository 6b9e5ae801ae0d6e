import type { Node } from "../../../rules/parse.ts";
import { MONTH_ABBREVIATIONS as NAMES } from "../calendar.ts";
import { isNode, monthSet } from "./translate.ts";

/**
 * A configuration (YAML, JSON, TOML, a dict) that lists the months a strategy holds or sits out:
 * `long_months: [11, 12, 1, 2, 3, 4]`, `"invested_months": ["Nov", "Dec", …]`, `flat_months = [5, 6, 7, 8, 9, 10]`.
 * The months held are the held list, or the twelve less the flat list; when both are given they must split the
 * year between them. The held months as a condition (`month >= 11 or month <= 4`, translate.ts's monthSet), or null
 * when the text lists no months, lists them short, or lists months that contradict each other.
 */
export function configMonths(text: string): Node | null {
  const held = new Set<number>();
  const flat = new Set<number>();
  let lists = 0;
  // YAML's block list (`long_months:` then one `- 11` a line) as the flow list it stands for.
  const flow = text.replace(BLOCK, (_all, key: string, items: string) => {
    const list = items.split("\n").flatMap((line) => /^\s*-\s*(\S+)/.exec(line)?.[1] ?? []);
    return `${key} [${list.join(", ")}]\n`;
  });
  for (const m of flow.matchAll(LIST)) {
    const key = m[1]!.toLowerCase();
    const months = m[2]!.split(",").map((item) => month(item.trim().replace(/^['"]|['"]$/g, "")));
    if (months.length === 0 || months.some((x) => x === null)) return null;
    // A short side is not the long-only rule's to read; a key of neither side says nothing of the position.
    if (/short/.test(key)) return null;
    const side = OUT.test(key) ? flat : IN.test(key) ? held : null;
    if (!side) continue;
    for (const x of months) side.add(x!);
    lists++;
  }
  if (lists === 0) return null;
  for (const x of flat) if (held.has(x)) return null;
  if (held.size > 0 && flat.size > 0 && held.size + flat.size !== 12) return null;
  const months = held.size > 0 ? [...held] : ALL.filter((x) => !flat.has(x));
  const v = monthSet(months);
  return isNode(v) ? v : null;
}

/** A key naming months (`long_months`, `"months_in"`, `hold_months =`) and its bracketed list of them. */
const LIST =
  /["']?([A-Za-z_]*months?[A-Za-z_]*|(?:long|hold|invested|in_market|flat|out|cash)_?(?:period|season)s?)["']?\s*[:=]\s*\[([^\]\n]*)\]/gi;
const BLOCK = /^(\s*[A-Za-z_]*months?[A-Za-z_]*\s*:)[ \t]*\n((?:[ \t]*-[ \t]*[^\n]+(?:\n|$))+)/gim;
/** Keys of the months out of the market, and of those in it (a bare `months` is the months traded). */
const OUT = /flat|out|cash|exit|sell|avoid|skip|exclu|away|bond|idle|sideline/;
const IN = /long|in|hold|held|invest|buy|active|own|season|on|entry|enter|inclu|trade|^months?$/;
const ALL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** A month as a number 1-12 or an English name or its abbreviation ("Nov", "november", "Sept"). */
function month(item: string): number | null {
  if (/^\d{1,2}$/.test(item)) {
    const n = Number(item);
    return n >= 1 && n <= 12 ? n : null;
  }
  const i = NAMES.indexOf(item.toLowerCase().slice(0, 3));
  return i >= 0 && /^[a-z]+$/i.test(item) ? i + 1 : null;
}
