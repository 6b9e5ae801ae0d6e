import type { StoredMessage } from "../types.ts";

/** A message the scheduler holds in memory while it is not yet delivered or dead-lettered. */
export interface Entry {
  message: StoredMessage;
  lane: Lane;
  cancelled: boolean;
  /** Queue retries keep their lane slot while they wait, so a FIFO queue does not overtake them. */
  holdsSlot: boolean;
}

/**
 * Where ready messages wait for a delivery slot. One global lane (no limits), one per queue (FIFO, the
 * queue's parallelism, pausable) and one per flow-control key (parallelism and a start rate per period).
 */
export class Lane {
  private ready: Entry[] = [];
  private head = 0;
  inFlight = 0;
  parallelism = Number.POSITIVE_INFINITY;
  paused = false;
  rate?: number | undefined;
  periodMs = 1000;
  /** When a rate-limited lane is due to be woken (so it is scheduled once). */
  wakeAt?: number | undefined;
  private starts: number[] = [];

  constructor(
    readonly key: string,
    readonly kind: "global" | "queue" | "flow",
  ) {}

  get waiting(): number {
    return this.ready.length - this.head;
  }

  push(entry: Entry): void {
    this.ready.push(entry);
  }

  /**
   * The next entry allowed to start now, or why not: "empty", "blocked" (paused or parallelism; a completion
   * or resume wakes the lane), or the time the rate window frees a start.
   */
  take(now: number): Entry | "empty" | "blocked" | number {
    while (this.head < this.ready.length && (this.ready[this.head] as Entry).cancelled) this.head++;
    this.compact();
    if (this.head >= this.ready.length) return "empty";
    if (this.paused || this.inFlight >= this.parallelism) return "blocked";
    if (this.rate !== undefined) {
      while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.periodMs) this.starts.shift();
      if (this.starts.length >= this.rate) return (this.starts[0] as number) + this.periodMs;
      this.starts.push(now);
    }
    const entry = this.ready[this.head++] as Entry;
    this.inFlight++;
    return entry;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
  }
}
