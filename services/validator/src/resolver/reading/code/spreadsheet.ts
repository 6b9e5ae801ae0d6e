import { balanced, splitTop } from "./parse-code.ts";
import { namedColumns } from "./sheet-words.ts";

/**
 * Spreadsheet formulas (Excel, Google Sheets, LibreOffice) put into the series code the parsers read, as loops.ts
 * does for loops over the bars. A formula filled down a column is written for one row (its own, "in D300", "column
 * C, from row 11 down", or else the last row it reads) and every cell it names is a bar counted back from that row:
 * `C300` in row 300 is the close, `C299` the close a bar ago, and `MAX(C260:C299)` the highest of the 40 closes
 * before this bar (`shift(highest(close, 40), 1)`), `AVERAGE(B2:B11)` in row 11 the 10-bar average with this bar,
 * `OFFSET(B11, -9, 0, 10)` the same 10 rows. A column that holds a formula is a series of its own (`col_c`), and
 * the note's words about it ("buy when column C drops below -1; sell when it climbs back above 0") are comparisons
 * of that series. Cells of any other column are the prices (the column the note says holds the closes, or the one
 * the formula reads).
 */

/** A cell, `C300`, `$C$300`, `c252`: the column's letters and the row. */
const CELL = String.raw`\$?([A-Za-z]{1,2})\$?(\d{1,7})`;
const RANGE = new RegExp(String.raw`(?<![\w$.])${CELL}\s*:\s*${CELL}(?![\w(])`, "g");
const SINGLE = new RegExp(String.raw`(?<![\w$.:])${CELL}(?![\w(:]|\s*:\s*\$?[A-Za-z])`, "g");

/** Text written as a spreadsheet: a range of cells, or a formula (an `=` opening an expression) that names a cell. */
export const SHEET =
  /(?<![\w$.])\$?[A-Za-z]{1,2}\$?\d+\s*:\s*\$?[A-Za-z]{1,2}\$?\d+\b|(?:^|[\s:;,(])(?:(?<![\w\])'"]\s*)|(?<=(?<![\w$])\$?[A-Za-z]{1,2}\$?\d+\s+))=\s*[A-Za-z(][^\n]*?(?<![\w$])\$?[A-Z]{1,2}\$?\d+\b/m;

/** Statistics of a range, as the series code names them. */
const STATS: Record<string, string> = {
  average: "sma",
  averagea: "sma",
  avg: "sma",
  mean: "sma",
  stdev: "stdev",
  "stdev.s": "stdev",
  "stdev.p": "stdev",
  stdevp: "stdev",
  stdeva: "stdev",
  stdevpa: "stdev",
  max: "highest",
  maxa: "highest",
  min: "lowest",
  mina: "lowest",
};
const STAT_CALL = new RegExp(
  String.raw`\b(${Object.keys(STATS)
    .map((k) => k.replace(".", "\\."))
    .sort((a, b) => b.length - a.length)
    .join("|")})\s*\(\s*${CELL}\s*:\s*${CELL}\s*\)`,
  "gi",
);
/** `SUM(B2:B11)/10`: the average when divided by its count. */
const SUM_CALL = new RegExp(
  String.raw`\bsum\s*\(\s*${CELL}\s*:\s*${CELL}\s*\)\s*/\s*(\d+)\b(?!\s*[*/.])`,
  "gi",
);
/** `OFFSET(B11, -9, 0, 10, 1)`: the 10 rows from B2, a range; `OFFSET(B11, -1, 0)` the one cell B10. */
const OFFSET =
  /\boffset\s*\(\s*\$?([A-Za-z]{1,2})\$?(\d{1,7})\s*,\s*(-?\d+)\s*,\s*0\s*(?:,\s*(\d+)\s*(?:,\s*1\s*)?)?\)/gi;

export interface Sheet {
  /** The column holding the prices, when the note says so. */
  prices: string | null;
  /** Columns filled with a formula: letter → the series' name in code. */
  formulas: Map<string, string>;
}

/** The series a column's cells are: a formula column's own, else the prices. */
const seriesOf = (sheet: Sheet, column: string) => sheet.formulas.get(column.toUpperCase()) ?? "close";

/** A series `lag` bars back: itself, or shifted. */
const back = (series: string, lag: number) => (lag === 0 ? series : `shift(${series}, ${lag})`);

/**
 * Excel's logical functions as operators: `AND(a, b)` is `(a and b)`, `OR(a, b)` `(a or b)`, `NOT(a)` `(not a)`;
 * and `STANDARDIZE(x, mean, sd)` is `((x - mean) / sd)`, the z-score written out.
 */
function logical(formula: string): string {
  let out = formula;
  for (;;) {
    // The last call first: one nested in another's arguments starts after it.
    const calls = [...out.matchAll(/(?<![\w.])(and|or|not|standardize)\s*\(/gi)];
    const m = calls.at(-1);
    if (!m) return out;
    const open = m.index + m[0].length - 1;
    const group = balanced(out, open);
    if (group === null) return out;
    const close = open + group.length - 1;
    const args = splitTop(out.slice(open + 1, close), ",").map((a) => a.trim());
    const op = m[1]!.toLowerCase();
    const made =
      op === "not"
        ? `(not ${args[0]})`
        : op === "standardize"
          ? `((${args[0]} - ${args[1]}) / ${args[2]})`
          : `(${args.join(` ${op} `)})`;
    out = out.slice(0, m.index) + made + out.slice(close + 1);
  }
}

/** The formula read for its row: ranges, offsets and cells as series counted back from that row. */
function translate(formula: string, row: number, sheet: Sheet): string {
  const statistic = (fn: string, col: string, from: number, to: number) => {
    const [a, b] = from <= to ? [from, to] : [to, from];
    const lag = row - b;
    if (lag < 0) return null;
    return back(`${fn}(${seriesOf(sheet, col)}, ${b - a + 1})`, lag);
  };
  return logical(formula)
    .replace(OFFSET, (all, col: string, r: string, move: string, height?: string) => {
      const start = Number(r) + Number(move);
      if (height === undefined) return `${col}${start}`;
      return Number(height) >= 1 ? `${col}${start}:${col}${start + Number(height) - 1}` : all;
    })
    .replace(STAT_CALL, (all, fn: string, c1: string, r1: string, _c2: string, r2: string) => {
      return statistic(STATS[fn.toLowerCase()]!, c1, Number(r1), Number(r2)) ?? all;
    })
    .replace(SUM_CALL, (all, c1: string, r1: string, _c2: string, r2: string, n: string) => {
      const count = Math.abs(Number(r2) - Number(r1)) + 1;
      return count === Number(n) ? (statistic("sma", c1, Number(r1), Number(r2)) ?? all) : all;
    })
    .replace(SINGLE, (all, col: string, r: string) => {
      const lag = row - Number(r);
      return lag < 0 ? all : back(seriesOf(sheet, col), lag);
    });
}

/** The rows a formula reads alone and at the ends of its ranges: its own row is the last of them. */
function lastRow(formula: string): number | null {
  const singles = [...formula.replace(RANGE, " ").matchAll(SINGLE)].map((m) => Number(m[2]));
  if (singles.length) return Math.max(...singles);
  const ends = [...formula.matchAll(RANGE)].map((m) => Number(m[4]));
  return ends.length ? Math.max(...ends) : null;
}

/** A formula's extent from its `=`: the longest run to the end of the line whose brackets balance. */
function extent(line: string, from: number): number {
  let depth = 0;
  let quote = "";
  let end = from;
  for (let i = from; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    // A space outside brackets after a complete term ends it ("=IF(…) and fill down"); within brackets it is kept.
    else if (
      /\s/.test(ch) &&
      depth === 0 &&
      !/^\s*[-+*/<>=&^]/.test(line.slice(i)) &&
      !/[-+*/<>=&^(]\s*$/.test(line.slice(from, i))
    )
      break;
    // A comma or semicolon outside brackets separates it from the next ("C51: =AVERAGE(B2:B51), D51: =IF(…)").
    else if ((ch === "," || ch === ";") && depth === 0) break;
    if (depth < 0) break;
    end = i + 1;
  }
  return end;
}

/** Where a formula's home is said just before it: "in D300", "C11:", "column C, from row 11 down", "In C201 I have". */
function home(said: string): { column: string; row: number | null } | null {
  // Within the sentence or clause the formula ends ("Column B: SPY closes. Column C, from row 11 down: =…").
  const before = said.slice(Math.max(said.lastIndexOf(". "), said.lastIndexOf(";")) + 1);
  const cells = [
    ...before.matchAll(/(?<![\w$.:])\$?([A-Z]{1,2})\$?(\d{1,7})\b(?!\s*:\s*\$?[A-Za-z]{1,2}\$?\d)/g),
  ];
  const cell = cells.at(-1);
  const column = [
    ...before.matchAll(
      /\b(?:[Cc]olumn|[Cc]ol|COLUMN|COL)\s+([A-Za-z]{1,2})\b|\b([A-Z]{1,2})\s+[Cc]olumn\b|\b(?:[Ii]n|[Ii]nto)\s+([A-Z]{1,2})(?=\s*(?:,|:|\(|from\b|starting\b|beginning\b|down\b|I\b|we\b|$))/g,
    ),
  ].at(-1);
  const row = column ? /\brows?\s+(\d{1,7})\b/i.exec(before.slice(column.index)) : null;
  if (column && (!cell || column.index > cell.index))
    return { column: (column[1] ?? column[2] ?? column[3])!.toUpperCase(), row: row ? Number(row[1]) : null };
  return cell ? { column: cell[1]!, row: Number(cell[2]) } : null;
}

/** The column the note says holds the prices: "column C holds daily XLE closes", "closes in column c". */
function priceColumn(text: string): string | null {
  const bare =
    /(?<![\w$])([A-Z]{1,2})\s+(?:holds|has|is|=|:)\s+(?:the\s+)?(?:daily\s+)?(?:\$?[A-Z]{1,5}\s+)?(?:daily\s+)?(?:closes|closing|prices|close)\b/.exec(
      text,
    );
  if (bare) return bare[1]!;
  const m =
    /\b(?:column|col)\s+([A-Za-z]{1,2})\b[^.;\n]{0,40}?\b(?:closes?|closing|prices?|adj)/i.exec(text) ??
    /\b(?:closes?|closing|prices?)\b[^.;\n]{0,30}?\b(?:column|col)\s+([A-Za-z]{1,2})\b/i.exec(text) ??
    /\b(?:closes?|closing|prices?)\b[^.;\n]{0,30}?\bin\s+([A-Z]{1,2})\b(?![\w$])/.exec(text);
  return m ? m[1]!.toUpperCase() : null;
}

/** A formula's opening `=`: at a line's start or after a space, a colon or a bracket, not an assignment's. */
const FORMULA = /(?:^|(?<=[\s:;,(]))=(?![=<>])\s*(?=[A-Za-z(+-])/gm;
/** Before the `=`: an assignment's name (`x = …`, code), unless the name is a cell (`C253 =IF(…)`, `D2 =B2/B1-1`). */
const ASSIGNED = /^\s*[\w.[\]'"]+\s*$/;
const CELL_BEFORE = /(?<![\w$])\$?[A-Za-z]{1,2}\$?\d+\s*$/;
/** A row stated after the formula: "=AVERAGE(B2:B11) starting row 11", "…, from row 21 down". */
const ROW_AFTER =
  /^\s*[,;]?\s*\(?\s*(?:starting|from|beginning)\s+(?:at\s+|in\s+|on\s+|with\s+)?row\s+(\d{1,7})\b/i;

/**
 * The text with each formula read for its row: a formula whose home column is said becomes a line of its own
 * assigning that column's series (`col_d = …`), any other is read in place; the words about a formula column name
 * its series, with their comparisons as operators.
 */
/** The row a formula is filled into when it is told after it ("=AVERAGE(B2:B11) starting row 11"), or null. */
function rowAfter(rest: string): number | null {
  const m = ROW_AFTER.exec(rest);
  return m ? Number(m[1]) : null;
}

export function sheets(text: string): string {
  if (!SHEET.test(text)) return text;
  const sheet: Sheet = { prices: priceColumn(text), formulas: new Map() };
  const found: Array<{ at: number; end: number; body: string; column: string | null; row: number | null }> =
    [];
  for (const m of text.matchAll(FORMULA)) {
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    const newline = text.indexOf("\n", m.index);
    const lineEnd = newline < 0 ? text.length : newline;
    // A statement that is one name and its `=` is code's assignment (`x = …`), unless the name is a cell; words
    // before the `=` ("in C I have =IF(…)", "C101 (filled down) =…") are a note's.
    const lead = text.slice(lineStart, m.index).split(";").at(-1)!;
    if (ASSIGNED.test(lead) && !CELL_BEFORE.test(lead)) continue;
    const end = extent(text.slice(0, lineEnd), m.index + m[0].length);
    const written = text.slice(m.index + m[0].length, end).replace(/[.,;]+$/, "");
    // Semicolons between arguments (European settings) are commas, and then a comma between digits is a decimal one.
    const body = written.includes(";") ? written.replace(/(\d),(\d)/g, "$1.$2").replace(/;/g, ",") : written;
    if (!/(?<![\w$])\$?[A-Za-z]{1,2}\$?\d+\b/.test(body)) continue;
    // Its home: said on its own line before it, or on the line before when the formula opens its line.
    const sameLine = text.slice(lineStart, m.index);
    const previous = text.slice(text.lastIndexOf("\n", lineStart - 2) + 1, lineStart);
    const at = home(sameLine.trim() ? sameLine : previous);
    const column = at && at.column !== sheet.prices ? at.column : null;
    found.push({
      at: m.index,
      end: m.index + m[0].length + written.length,
      body,
      column,
      row: at?.row ?? rowAfter(text.slice(end)),
    });
    if (column) sheet.formulas.set(column, `col_${column.toLowerCase()}`);
  }
  if (found.length === 0) return text;
  let out = text;
  for (const f of [...found].reverse()) {
    const row = f.row ?? lastRow(f.body);
    if (row === null) continue;
    const read = translate(f.body, row, sheet);
    const replaced = f.column ? `\n${sheet.formulas.get(f.column)} = ${read}\n` : `=${read}`;
    out = out.slice(0, f.at) + replaced + out.slice(f.end);
  }
  return sheet.formulas.size ? namedColumns(out, sheet) : out;
}
