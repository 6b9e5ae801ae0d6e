/**
 * At most `limit` holders at a time, the rest wait in arrival order. A waiter whose request was abandoned
 * (`signal` aborted: the orchestrator timed out and closed the connection) leaves the queue without ever
 * running, so work nobody will read does not delay the pages still wanted.
 *
 * Why the parser needs it: embedding saturates the CPU, so ten pages parsed at once interleave batch by batch
 * and all finish late, past the orchestrator's 25 s timeout, and every retry starts the work again. One page at
 * a time finishes the first pages in time and the retries of the others find the parser free.
 */
export class Gate {
  private active = 0;
  private readonly waiting: Array<{ grant: () => void; signal?: AbortSignal }> = [];

  constructor(private readonly limit: number) {}

  /** Resolves with `release` once admitted; rejects with the abort reason if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new Error("request abandoned before it was admitted"));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          this.active++;
          resolve(this.releaser());
        },
        ...(signal ? { signal } : {}),
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new Error("request abandoned while waiting for the parser"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  /** Waiting requests (for /metrics and tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.grant();
    };
  }
}

/** Run `work` once admitted by `gate`, releasing it however `work` ends. */
export async function gated<T>(gate: Gate, work: () => Promise<T>): Promise<T> {
  const release = await gate.acquire();
  try {
    return await work();
  } finally {
    release();
  }
}
