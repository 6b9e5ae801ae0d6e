import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Sources } from "./start-stack.ts";

/** What a running stack tells later commands (`pnpm research`) so they use it instead of starting another. */
export interface StackState {
  pid: number;
  sources: Sources;
  urls: Record<string, string>;
  started_at: string;
}

const file = (dataDir: string) => resolve(dataDir, "stack.json");

export function writeState(dataDir: string, state: StackState): void {
  // No secret in here: the query API and the edge worker answer on loopback without one.
  writeFileSync(file(dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function removeState(dataDir: string): void {
  rmSync(file(dataDir), { force: true });
}

/** The state of a stack whose process is still alive, or undefined. */
export function readLiveState(dataDir: string): StackState | undefined {
  try {
    const state = JSON.parse(readFileSync(file(dataDir), "utf8")) as StackState;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}
