/**
 * A configuration's key means what its section says (issue 14): `[hedge]` then `window = 120` is the hedge's window,
 * not the signal's; so is YAML's `hedge:` with `window: 120` indented under it, JSON's `"hedge": {"window": 120}` and
 * a dotted `hedge.window = 120`. A generic key (a window, a z-score level) under a section that names a part of a
 * rule is rewritten as that part's own name (`hedge_window = 120`, `exit_z = 0.5`, `exit_window = 20`), the name
 * assignments.ts binds; a key that names itself (`zscore_window`, `entry_z`) or a section that names no part
 * (`[pair]`, `[signal]`, `[data]`) is left as written. A trend filter's section is left too: `[trend] window = 200`
 * is the window of a rule that is all trend (price above its average), which has no separate trend parameter.
 */
export function qualifySections(text: string): string {
  if (!/^\s*\[[\w. -]+\]\s*$|^\s*[\w-]+\s*:\s*$|"[\w-]+"\s*:\s*\{|\b[a-z]\w*\.[a-z]\w*\s*[:=]/im.test(text))
    return text;
  return dotted(json(blocks(text)));
}

/** The part a section names, by its words. */
const PARTS: Array<[RegExp, string]> = [
  [/^(?:hedg\w*|beta|ols|regression|fit|coint\w*|hedge_ratio)$/, "hedge"],
  [/^(?:exits?|sell|close|out)$/, "exit"],
  [/^(?:entry|entries|enter|buy|open|in)$/, "entry"],
  [/^(?:fast|short_ma|fast_ma)$/, "fast"],
  [/^(?:slow|long_ma|slow_ma)$/, "slow"],
];
const SIZE = /^(?:window|period|length|len|lookback|lb|n|bars|days|span)$/;
const LEVEL = /^(?:z|zscore|z_score|z_threshold|zthreshold|threshold_z)$/;

/** The key's name under a section, or null to leave it. */
function qualified(section: string, key: string): string | null {
  const part = PARTS.find(([re]) => re.test(section.toLowerCase()))?.[1];
  const k = key.toLowerCase().replace(/-/g, "_");
  if (!part) return null;
  if (SIZE.test(k)) return `${part}_window`;
  if (LEVEL.test(k) && (part === "entry" || part === "exit")) return `${part}_z`;
  return null;
}

/** TOML and INI `[section]` headers, and YAML's `section:` with its keys indented under it. */
function blocks(text: string): string {
  let section = "";
  let yaml: { name: string; indent: number } | null = null;
  return text
    .split("\n")
    .map((line) => {
      const header = /^\s*\[\[?\s*([\w. -]+?)\s*\]\]?\s*$/.exec(line);
      if (header) {
        section = header[1]!.split(".").at(-1)!.trim();
        yaml = null;
        return line;
      }
      const indent = /^\s*/.exec(line)![0].length;
      if (yaml && line.trim() && indent <= yaml.indent) yaml = null;
      const open = /^(\s*)([\w-]+)\s*:\s*$/.exec(line);
      if (open) {
        yaml = { name: open[2]!, indent };
        return line;
      }
      const owner = yaml?.name ?? section;
      if (!owner) return line;
      return line.replace(/^(\s*)([\w-]+)(\s*[:=])/, (all, pad: string, key: string, sep: string) => {
        const name = qualified(owner, key);
        return name ? `${pad}${name}${sep}` : all;
      });
    })
    .join("\n");
}

/** JSON's `"section": { … }` (one level, its keys unquoted once renamed so that they read as assignments). */
function json(text: string): string {
  return text.replace(/"([\w-]+)"\s*:\s*\{([^{}]*)\}/g, (all, owner: string, body: string) => {
    const inner = body.replace(/"([\w-]+)"(\s*:)/g, (kv, key: string, sep: string) => {
      const name = qualified(owner, key);
      return name ? `${name}${sep}` : kv;
    });
    return inner === body ? all : `"${owner}": {${inner}}`;
  });
}

/** Dotted keys: `hedge.window = 120`, `exit.z: 0.5`. */
function dotted(text: string): string {
  return text.replace(
    /(^|[\s,{])([a-z]\w*)\.([a-z]\w*)(\s*[:=](?!=))/gim,
    (all, pre: string, owner: string, key: string, sep: string) => {
      const name = qualified(owner, key);
      return name ? `${pre}${name}${sep}` : all;
    },
  );
}
