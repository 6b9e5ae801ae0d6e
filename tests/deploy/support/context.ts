import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { repoRoot } from "./compose.ts";

/** A .dockerignore pattern as a RegExp over slash-separated paths (`*`, `?`, `**`, leading `!`). */
function patternToRegExp(pattern: string): RegExp {
  let source = "";
  const clean = pattern.replace(/^\/+/, "").replace(/\/+$/, "");
  for (let i = 0; i < clean.length; i++) {
    const char = clean[i] ?? "";
    if (char === "*" && clean[i + 1] === "*") {
      // `**/` matches any number of folders, including none; a trailing `**` everything below.
      source += clean[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += clean[i + 2] === "/" ? 2 : 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  // A pattern that names a folder excludes everything in it.
  return new RegExp(`^${source}(?:/.*)?$`);
}

/** Is `path` (relative to the context) excluded by the .dockerignore rules? The last matching rule wins. */
export function dockerIgnored(path: string, rules = readDockerignore()): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.regexp.test(path)) ignored = !rule.negated;
  return ignored;
}

export function readDockerignore(): { regexp: RegExp; negated: boolean }[] {
  return readFileSync(join(repoRoot, ".dockerignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      return { regexp: patternToRegExp(negated ? line.slice(1) : line), negated };
    });
}

/**
 * Copy the build context `docker build .` would send: the repository's files (tracked, and untracked ones
 * git does not ignore) minus what .dockerignore excludes. Returns the copied relative paths.
 */
export function copyBuildContext(target: string): string[] {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
  const rules = readDockerignore();
  const copied: string[] = [];
  for (const path of new Set(listed)) {
    if (dockerIgnored(path, rules)) continue;
    const to = join(target, path);
    mkdirSync(dirname(to), { recursive: true });
    try {
      copyFileSync(join(repoRoot, path), to);
      copied.push(path);
    } catch (error) {
      // A file deleted in the working tree but still in the index is not in the context either.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  return copied;
}
