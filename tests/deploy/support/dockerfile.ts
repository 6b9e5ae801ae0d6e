import { readFileSync } from "node:fs";

/** One instruction of a Dockerfile, continuation lines joined, flags kept in `args`. */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  /** The FROM image or the name of an earlier stage. */
  from: string;
  name?: string | undefined;
  instructions: Instruction[];
}

/** Parse a Dockerfile into stages (comments and parser directives dropped, `\` continuations joined). */
export function parseDockerfile(path: string): Stage[] {
  const logical: string[] = [];
  let current = "";
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const line = raw.trimEnd();
    if (current === "" && /^\s*#/.test(line)) continue;
    if (current !== "" && /^\s*#/.test(line)) continue; // comments inside a continued RUN
    if (line.endsWith("\\")) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== "") logical.push(current.trim());
    current = "";
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const keyword = (match[1] ?? "").toUpperCase();
    const args = match[2] ?? "";
    if (keyword === "FROM") {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
      stages.push({ from: from?.[1] ?? "", name: from?.[2], instructions: [] });
      continue;
    }
    stages.at(-1)?.instructions.push({ keyword, args });
  }
  return stages;
}

/** The stage an image is built from (the last one), with its base resolved through earlier stages. */
export function finalStage(stages: Stage[]): Stage & { base: string; lineage: Stage[] } {
  const last = stages.at(-1);
  if (!last) throw new Error("no FROM in the Dockerfile");
  const lineage: Stage[] = [last];
  let base = last.from;
  for (;;) {
    const parent = stages.find((stage) => stage.name === base);
    if (!parent) break;
    lineage.unshift(parent);
    base = parent.from;
  }
  return { ...last, base, lineage };
}

/** Instructions of a keyword over a stage and the stages it is built FROM (what the image really has). */
export function instructionsOf(stage: { lineage: Stage[] }, keyword: string): string[] {
  return stage.lineage.flatMap((s) => s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args));
}

/** The ENV of a stage's lineage, later values winning (both `ENV A=1 B=2` and `ENV A 1` forms). */
export function envOf(
  stage: { lineage: Stage[] },
  args: Record<string, string> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of instructionsOf(stage, "ENV")) {
    if (!line.includes("=")) {
      const [name, ...rest] = line.split(/\s+/);
      if (name) env[name] = rest.join(" ");
      continue;
    }
    for (const match of line.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
      const value = (match[2] ?? "").replace(/^"|"$/g, "");
      env[match[1] ?? ""] = value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => {
        return env[name] ?? args[name] ?? "";
      });
    }
  }
  return env;
}

/** ARG defaults of a stage (`ARG PORT=8000`). */
export function argDefaults(stage: { lineage: Stage[] }): Record<string, string> {
  const args: Record<string, string> = {};
  for (const line of instructionsOf(stage, "ARG")) {
    const [name, value] = line.split("=");
    if (name) args[name.trim()] = value?.trim() ?? "";
  }
  return args;
}

/** The USER the image runs as (the last USER instruction), or "root" when there is none. */
export function userOf(stage: { lineage: Stage[] }): string {
  return instructionsOf(stage, "USER").at(-1)?.trim() ?? "root";
}

/** An exec-form JSON array (`["node", "x"]`), or the shell form wrapped in `/bin/sh -c`. */
export function commandOf(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith("[")) return JSON.parse(trimmed) as string[];
  return ["/bin/sh", "-c", trimmed];
}

/** The HEALTHCHECK command of a stage's lineage (flags dropped), if any. */
export function healthcheckOf(stage: { lineage: Stage[] }): string[] | undefined {
  const line = instructionsOf(stage, "HEALTHCHECK").at(-1);
  if (!line) return undefined;
  const cmd = /(?:^|\s)CMD\s+(.*)$/.exec(line);
  return cmd?.[1] ? commandOf(cmd[1]) : undefined;
}
