import { setTimeout as sleep } from "node:timers/promises";
import { isRunning, type Supervisor } from "../../scripts/stack/supervisor.ts";
import type { StoreOutage } from "./store-outage.ts";

/** One fault, `at` ms after the run's start. */
export type Fault =
  | { at: number; kind: "kill"; service: string }
  | { at: number; kind: "restart"; service: string }
  | { at: number; kind: "store-down"; forMs: number }
  | { at: number; kind: "store-up" };

export interface PlanOptions {
  /** Services that get one SIGKILL each. */
  killed: readonly string[];
  /** The service restarted once (SIGTERM, then the supervisor starts it again). */
  restarted: string;
  /** Kills and the restart fall in [minMs, windowMs]. */
  minMs: number;
  windowMs: number;
  /** The store outage starts in [minMs, outageStartMaxMs] and lasts outageMs. */
  outageStartMaxMs: number;
  outageMs: number;
}

/** A seeded schedule: every listed service killed once, one restart, one store outage; sorted by time. */
export function planFaults(random: () => number, options: PlanOptions): Fault[] {
  const between = (lo: number, hi: number) => Math.round((lo + random() * (hi - lo)) / 100) * 100;
  const faults: Fault[] = options.killed.map((service) => ({
    at: between(options.minMs, options.windowMs),
    kind: "kill" as const,
    service,
  }));
  faults.push({ at: between(options.minMs, options.windowMs), kind: "restart", service: options.restarted });
  const down = between(options.minMs, options.outageStartMaxMs);
  faults.push({ at: down, kind: "store-down", forMs: options.outageMs });
  faults.push({ at: down + options.outageMs, kind: "store-up" });
  return faults.sort((a, b) => a.at - b.at);
}

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case "kill":
      return `kill -9 ${fault.service}`;
    case "restart":
      return `restart ${fault.service} (SIGTERM; the supervisor starts it again)`;
    case "store-down":
      return `vector store down for ${fault.forMs / 1000} s`;
    case "store-up":
      return "vector store back";
  }
}

const at = (ms: number) => `+${(ms / 1000).toFixed(1).padStart(6)} s`;

/** What a fault run did, in order, with times relative to its start: what was planned and what happened. */
export class Timeline {
  readonly lines: string[] = [];
  constructor(readonly t0: number) {}
  note(text: string): void {
    this.lines.push(`${at(Date.now() - this.t0)}  ${text}`);
  }
  toString(): string {
    return this.lines.join("\n");
  }
}

/** The live process of a supervised service; waits while it is between a death and its restart. */
async function livePid(supervisor: Supervisor, service: string, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const entry = supervisor.children.find((c) => c.spec.name === service);
    if (!entry) throw new Error(`the stack runs no ${service}`);
    if (entry.child.pid && isRunning(entry.child)) return entry.child.pid;
    if (Date.now() > deadline) throw new Error(`${service} did not come back within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * Apply `plan` on time (relative to `timeline.t0`): SIGKILL or SIGTERM to the service's current process (the
 * stack's supervisor restarts it with backoff), take the vector store down and bring it back. Every step goes
 * to the timeline. Resolves when the last fault is applied; the store is never left down.
 */
export async function runFaults(
  plan: readonly Fault[],
  {
    supervisor,
    outage,
    timeline,
    busy,
  }: {
    supervisor: Supervisor;
    outage: StoreOutage;
    timeline: Timeline;
    /**
     * For services where it matters, whether the process is mid-work right now (a delivery claimed, a crawl job
     * leased): a kill waits up to 15 s for that, so it lands on work in flight rather than on an idle process.
     */
    busy?: (service: string) => Promise<boolean>;
  },
): Promise<void> {
  try {
    for (const fault of plan) {
      const wait = timeline.t0 + fault.at - Date.now();
      if (wait > 0) await sleep(wait);
      if (fault.kind === "kill" || fault.kind === "restart") {
        let mid = "";
        if (busy && fault.kind === "kill") {
          const until = Date.now() + 15_000;
          while (!(await busy(fault.service).catch(() => false)) && Date.now() < until) await sleep(100);
          mid = (await busy(fault.service).catch(() => false)) ? ", mid-work" : ", idle";
        }
        const pid = await livePid(supervisor, fault.service);
        process.kill(pid, fault.kind === "kill" ? "SIGKILL" : "SIGTERM");
        timeline.note(`${describeFault(fault)} (pid ${pid}${mid})`);
      } else if (fault.kind === "store-down") {
        outage.takeDown();
        timeline.note(describeFault(fault));
      } else {
        outage.restore();
        timeline.note(describeFault(fault));
      }
    }
  } finally {
    outage.restore();
  }
}
