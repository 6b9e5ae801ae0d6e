import type { Sheet } from "./spreadsheet.ts";

/**
 * A spreadsheet note's words about its formula columns (spreadsheet.ts): "column C", "C" or "C11" before a
 * comparison, "it" after one of them, and the one formula column's "the z-score" or "the value" name that column's
 * series (`col_c`), with the comparisons as operators ("drops below -1" is `< -1`, "C crosses above D" is
 * `crosses_above(col_c, col_d)`), so the code's reading of conditions in words takes them.
 */

const VALUE = String.raw`(-?\d+(?:\.\d+)?)`;
const CROSS = String.raw`cross(?:es|ed)?\s+(?:above|over|below|under)`;
const BELOW = String.raw`(?:(?:drops?|dropped|falls?|fell|goes|gets|moves?|dips?|slips?|sinks?|comes?|is|are|stays?|trades?|closes?)\s+(?:back\s+)?)?(?:below|under|beneath|less\s+than|lower\s+than|smaller\s+than)`;
const ABOVE = String.raw`(?:(?:(?:rises?|rose|climbs?|goes|gets|moves?|comes?|pops?|jumps?|is|are|stays?|trades?|closes?)\s+(?:back\s+)?)?(?:above|over|greater\s+than|higher\s+than|more\s+than|bigger\s+than)|exceeds?|tops?)`;

/** A formula column's letter or cell compared: "when C < -1", "once E30 drops below -2", "C crosses above D". */
const CELL_COMPARED = new RegExp(
  String.raw`(?<![\w$])([A-Z]{1,2})\d*(?=\s*[<>]|\s+${BELOW}|\s+${ABOVE}|\s+${CROSS})|(?<=\b${CROSS}\s+)([A-Z]{1,2})\d*\b`,
  "g",
);

/**
 * An order told with a level and no subject ("long below -2, exit above 0") beside a sheet of one formula column:
 * the level is that column's.
 */
const BARE_ORDER =
  /\b(buy|long|go\s+long|enter|entry|in|sell|exit|out|flat|cash|get\s+out)(\s+(?:when|if|once|at))?\s+(below|under|beneath|less\s+than|above|over|greater\s+than|more\s+than)\s+(-?\d+(?:\.\d+)?)\b/gi;

/** What a note calls its one formula column before a comparison: "the z-score is below -2", "the value rises above". */
const THE_VALUE =
  /\b(?:the\s+|my\s+|that\s+)?(?:z[\s-]?score|zscore|value|signal|column|formula|result|indicator|ratio|score|reading|number)\b(?=\s+(?:(?:is|goes|drops|falls|dips|sinks|rises|climbs|gets|comes|moves|crosses)\s+)?(?:back\s+)?(?:below|under|above|over|<|>))/gi;

/** The note's words about formula columns: "column C" is its series, "it" the last one named, comparisons operators. */
export function namedColumns(text: string, sheet: Sheet): string {
  const names = [...sheet.formulas.values()];
  let last: string | null = null;
  // The patterns naming the formula columns, built once for all the lines.
  const series = `(${names.join("|")})`;
  const pronoun = new RegExp(
    String.raw`\b(${names.join("|")})\b|\b(?:it|its\s+value|the\s+value)\b(?=\s+${BELOW}|\s+${ABOVE})`,
    "g",
  );
  const crossing = new RegExp(
    String.raw`\b${series}\s+cross(?:es|ed)?\s+(above|over|below|under)\s+${series}\b`,
    "gi",
  );
  const below = new RegExp(String.raw`\b${series}\s+${BELOW}\s+${VALUE}`, "gi");
  const above = new RegExp(String.raw`\b${series}\s+${ABOVE}\s+${VALUE}`, "gi");
  return text
    .split("\n")
    .map((raw) => {
      if (names.some((n) => raw.startsWith(`${n} =`))) return raw;
      const line =
        names.length === 1
          ? raw
              .replace(THE_VALUE, names[0]!)
              .replace(
                BARE_ORDER,
                (_all, act: string, when: string | undefined, side: string, v: string) =>
                  `${act}${when ?? ""} ${names[0]} ${/^(?:below|under|beneath|less)/i.test(side) ? "<" : ">"} ${v}`,
              )
          : raw;
      const named = line.replace(
        /\b(?:column|col)\s+([A-Z]{1,2})\b|\b([A-Z]{1,2})\s+column\b/gi,
        (all, a, b) => {
          const n = sheet.formulas.get(((a ?? b) as string).toUpperCase());
          return n ?? all;
        },
      );
      // A formula column's letter or cell compared ("when C < -1", "once E30 drops below -2", "C crosses above D")
      // is its series too.
      const cells = named.replace(
        CELL_COMPARED,
        (all, a?: string, b?: string) => sheet.formulas.get((a ?? b)!) ?? all,
      );
      if (!names.some((n) => cells.includes(n))) return cells;
      // "it" stands for the formula column named last before it.
      const pronouns = cells.replace(pronoun, (all, n?: string) => {
        if (n) {
          last = n;
          return n;
        }
        return last ?? all;
      });
      return (
        pronouns
          .replace(/\bzero\b/gi, "0")
          // "col_c crosses above col_d": the rule language's crossing, which the words' reading of code takes whole.
          .replace(
            crossing,
            (_all, a: string, dir: string, b: string) =>
              `${/above|over/i.test(dir) ? "crosses_above" : "crosses_below"}(${a}, ${b})`,
          )
          .replace(below, "$1 < $2")
          .replace(above, "$1 > $2")
      );
    })
    .join("\n");
}
