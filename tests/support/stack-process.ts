import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type StartedProcess, startProcess } from "@qp/testing";
import { type Listener, listenersOf } from "../../scripts/stack/listeners.ts";

export const REPO_ROOT = resolve(import.meta.dirname, "../..");

/** The environment a person's shell would have: nothing pointing the stack at someone else's services. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of [
    "REDIS_URL",
    "QSTASH_URL",
    "QSTASH_TOKEN",
    "WEAVIATE_URL",
    "VECTOR_DB_PATH",
    "SERVICE_TOKEN",
  ])
    delete env[name];
  return env;
}

export type Run = StartedProcess;

/** `pnpm <args>` from the repository root, as a person types it; output collected, not inherited. */
export function pnpm(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return startProcess({ name: `pnpm ${args.join(" ")}`, command: "pnpm", args, cwd: REPO_ROOT, env });
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/** Every process below `root` (children, grandchildren…), read from /proc. */
export function descendants(root: number): number[] {
  const pids = readdirSync("/proc")
    .map(Number)
    .filter((pid) => Number.isInteger(pid));
  const found = new Set<number>([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const pid of pids) {
      const parent = parentOf(pid);
      if (!found.has(pid) && parent !== undefined && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  found.delete(root);
  return [...found];
}

/** Sockets listened on by `root` and every process below it, found independently of what the stack says. */
export function listenersBelow(root: number): Listener[] {
  return listenersOf({ pids: [root, ...descendants(root)] });
}

/** The pid of the stack's child running `services/NAME/src/main.ts`. */
export function servicePid(stackPid: number, name: string): number | undefined {
  return descendants(stackPid).find(
    (pid) => parentOf(pid) === stackPid && commandOf(pid).includes(`services/${name}/src/main.ts`),
  );
}
