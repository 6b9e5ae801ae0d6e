/** What `waitUntil` is told about a wait, for its failure message. */
export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between probes (default 50 ms). */
  intervalMs?: number;
  /** What is awaited, named in the failure; a function is called only on failure (e.g. to add a log). */
  what?: string | (() => string | Promise<string>);
}

/** A probe's "not yet": keep polling. Any other value ends the wait and is returned. */
type NotYet = undefined | null | false;

/**
 * Poll `probe` until it returns something other than undefined, null or false, and return that; fail after
 * `timeoutMs` with `what`. Readiness by observation, never a fixed sleep. It uses only timers, so it runs in
 * workerd too (import it from `@qp/testing/wait` there: the package's main entry loads Node-only modules).
 */
export async function waitUntil<T>(
  probe: () => T | NotYet | Promise<T | NotYet>,
  { timeoutMs = 10_000, intervalMs = 50, what = "a condition" }: WaitOptions = {},
): Promise<Exclude<T, NotYet>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value as Exclude<T, NotYet>;
    if (Date.now() > deadline) {
      const said = typeof what === "function" ? await what() : what;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${said}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
