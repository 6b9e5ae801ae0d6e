import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** Where children's stdout/stderr go: the terminal (`pnpm start`) or one log file per service. */
export type OutputMode = { kind: "inherit" } | { kind: "files"; path: (name: string) => string };

export interface Supervised {
  spec: ChildSpec;
  /** The current process (replaced on each restart). */
  child: ChildProcess;
  restarts: number;
}

/** A first restart after 1 s, doubling to 30 s; a child that stayed up a minute starts again from 1 s. */
const BACKOFF_MS = [1000, 2000, 4000, 8000, 16_000, 30_000];
const STABLE_MS = 60_000;

/**
 * Runs the stack's children, each as the leader of its own process group (so stopping one also stops what
 * it started: wrangler → workerd). A child that dies while the stack runs is started again with backoff and
 * a log line: one crash (issue 12: wrangler dev dying on one request) must not take the stack down.
 */
export class Supervisor {
  readonly children: Supervised[] = [];
  private stopping = false;
  private readonly logs = new Map<string, WriteStream>();

  constructor(
    private readonly output: OutputMode,
    private readonly log: (line: string) => void,
  ) {}

  start(spec: ChildSpec): Supervised {
    const entry: Supervised = { spec, child: this.spawn(spec), restarts: 0 };
    this.children.push(entry);
    this.watch(entry, Date.now());
    return entry;
  }

  /** Every process group the stack leads (one per running child). */
  groups(): number[] {
    return this.children.flatMap(({ child }) => (child.pid && isRunning(child) ? [child.pid] : []));
  }

  /**
   * Stop the children last started first (the edge worker and crawler before the orchestrator, Redis last),
   * each with SIGTERM to its group and `graceMs` to finish its work, then SIGKILL.
   */
  async stopAll(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const { spec, child } of [...this.children].reverse()) {
      signalGroup(child, "SIGTERM");
      const deadline = Date.now() + graceMs;
      while (isRunning(child) && Date.now() < deadline) await sleep(50);
      if (isRunning(child)) {
        this.log(`stack: ${spec.name} did not stop within ${graceMs / 1000} s; killing it`);
        signalGroup(child, "SIGKILL");
      }
      // Grandchildren that outlive their leader (workerd under wrangler) still carry the group id.
      const pgid = child.pid;
      if (pgid) {
        for (let i = 0; i < 30 && groupAlive(pgid); i++) await sleep(100);
        if (groupAlive(pgid)) killGroup(pgid, "SIGKILL");
      }
    }
    for (const stream of this.logs.values()) stream.end();
  }

  private spawn(spec: ChildSpec): ChildProcess {
    const files = this.output.kind === "files";
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ["ignore", files ? "pipe" : "inherit", files ? "pipe" : "inherit"],
      detached: true,
    });
    if (this.output.kind === "files") {
      let stream = this.logs.get(spec.name);
      if (!stream) {
        stream = createWriteStream(this.output.path(spec.name), { flags: "a" });
        this.logs.set(spec.name, stream);
      }
      child.stdout?.pipe(stream, { end: false });
      child.stderr?.pipe(stream, { end: false });
    }
    // A spawn failure (binary missing) arrives as an error event, followed by exit: the exit path restarts.
    child.on("error", (error) => this.log(`stack: ${spec.name}: ${error.message}`));
    return child;
  }

  private watch(entry: Supervised, startedAt: number): void {
    entry.child.once("exit", (code, signal) => {
      if (this.stopping) return;
      const ranFor = Date.now() - startedAt;
      const attempt = ranFor > STABLE_MS ? 0 : entry.restarts;
      const delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
      entry.restarts = attempt + 1;
      this.log(
        `stack: ${entry.spec.name} exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s (restart ${entry.restarts})`,
      );
      // Whatever the dead leader left in its group (workerd) would hold the port the new one needs.
      if (entry.child.pid && groupAlive(entry.child.pid)) killGroup(entry.child.pid, "SIGKILL");
      setTimeout(() => {
        if (this.stopping) return;
        entry.child = this.spawn(entry.spec);
        this.watch(entry, Date.now());
      }, delay).unref();
    });
  }
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid || !isRunning(child)) return;
  if (!killGroup(child.pid, signal)) child.kill(signal);
}

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  return killGroup(pgid, 0);
}
