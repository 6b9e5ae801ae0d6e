/** `--flag value` / `--flag=value` / repeated `--param k=v` parsing for the validator's CLIs (no dependency). */
export interface ParsedArgs {
  flags: Map<string, string[]>;
  positional: string[];
}

export function parseArgs(argv: string[], booleans: ReadonlySet<string>): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (booleans.has(name)) value = "true";
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw new Error(`--${name} needs a value`);
      value = next;
      i++;
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positional };
}

/** "10" → [10]; "5,10,20" → [5, 10, 20]; "2:100" → 2..100; "10:50:10" → 10, 20, …, 50. */
export function parseValues(text: string): number[] {
  const range = /^(-?\d+(?:\.\d+)?):(-?\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(text);
  if (range) {
    const [from, to, step] = [Number(range[1]), Number(range[2]), Number(range[3] ?? 1)];
    if (!(step > 0) || to < from || (to - from) / step > 100_000) throw new Error(`bad range ${text}`);
    const out: number[] = [];
    for (let v = from; v <= to + 1e-9; v += step) out.push(Number(v.toFixed(10)));
    return out;
  }
  const values = text.split(",").map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || String(v) === ""))
    throw new Error(`bad value list "${text}"`);
  return values;
}
