import { posix } from "node:path";
import type { finalStage } from "./dockerfile.ts";
import { instructionsOf, userOf } from "./dockerfile.ts";

type Final = ReturnType<typeof finalStage>;

/** Shell words of every command in the stage's RUN lines (split on && ; ||). */
function commands(stage: Final): string[][] {
  return instructionsOf(stage, "RUN").flatMap((run) =>
    run
      .split(/&&|;|\|\|/)
      .map((part) => part.trim().split(/\s+/).filter(Boolean))
      .filter((words) => words.length > 0),
  );
}

function isAncestorOrSelf(ancestor: string, path: string): boolean {
  const rel = posix.relative(ancestor, path);
  return rel === "" || (!rel.startsWith("..") && !posix.isAbsolute(rel));
}

/** The user the image runs as, with the uid useradd gave it (when the Dockerfile creates it). */
export function runtimeUser(stage: Final): { name: string; uid?: string | undefined } {
  const name = userOf(stage);
  for (const words of commands(stage)) {
    if (words[0] !== "useradd" || words.at(-1) !== name) continue;
    const uidIndex = words.findIndex((word) => word === "--uid" || word === "-u");
    return { name, uid: uidIndex >= 0 ? words[uidIndex + 1] : undefined };
  }
  return { name };
}

/**
 * Does the final stage create `path` (mkdir, a COPY target, or an ancestor created with -p) and give it to
 * `user` (chown -R on it or an ancestor, chown on it, or COPY --chown)? Returns what is missing, or [].
 */
export function ownershipProblems(stage: Final, path: string): string[] {
  const user = runtimeUser(stage);
  const isUser = (spec: string) => {
    const owner = spec.split(":")[0] ?? "";
    return owner === user.name || (user.uid !== undefined && owner === user.uid);
  };
  let created = false;
  let owned = false;
  for (const words of commands(stage)) {
    const [command, ...args] = words;
    const operands = args.filter((arg) => !arg.startsWith("-"));
    if (command === "mkdir") {
      const parents = args.includes("-p");
      if (operands.some((dir) => dir === path || (parents && isAncestorOrSelf(path, dir)))) created = true;
    }
    if (command === "chown") {
      const recursive = args.includes("-R");
      const [spec, ...paths] = operands;
      if (spec && isUser(spec) && paths.some((p) => p === path || (recursive && isAncestorOrSelf(p, path))))
        owned = true;
    }
  }
  for (const copy of instructionsOf(stage, "COPY")) {
    const words = copy.split(/\s+/);
    const target = words.at(-1) ?? "";
    const chown = words.find((word) => word.startsWith("--chown="))?.slice("--chown=".length);
    if (target.replace(/\/$/, "") === path) {
      created = true;
      if (chown && isUser(chown)) owned = true;
    }
  }
  const problems: string[] = [];
  if (user.name === "root" || user.uid === "0") problems.push("the image runs as root");
  if (!created) problems.push(`${path} is not created in the final stage`);
  if (!owned) problems.push(`${path} is not owned by ${user.name}`);
  return problems;
}
