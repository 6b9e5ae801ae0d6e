/**
 * Per-host politeness: at most `maxPerHost` requests in flight to one host and at least `minDelayMs` between
 * the starts of two requests to it. Waiters are served in arrival order. crawlee's `sameDomainDelaySecs` only
 * spaces requests of its own queue and has no per-host concurrency cap, so this lives here.
 */
export function createHostGate({ maxPerHost, minDelayMs }: { maxPerHost: number; minDelayMs: number }) {
  const hosts = new Map<
    string,
    { active: number; nextStart: number; waiters: Array<() => void>; timer?: NodeJS.Timeout | undefined }
  >();

  const pump = (host: string) => {
    const state = hosts.get(host);
    if (!state || state.timer) return;
    while (state.waiters.length > 0 && state.active < maxPerHost) {
      const wait = state.nextStart - Date.now();
      if (wait > 0) {
        state.timer = setTimeout(() => {
          state.timer = undefined;
          pump(host);
        }, wait);
        return;
      }
      state.active++;
      state.nextStart = Date.now() + minDelayMs;
      state.waiters.shift()?.();
    }
    if (state.active === 0 && state.waiters.length === 0 && state.nextStart <= Date.now()) hosts.delete(host);
  };

  return {
    /** Wait for a turn at `host`; call the returned function when the request is done. */
    async acquire(host: string): Promise<() => void> {
      let state = hosts.get(host);
      if (!state) {
        state = { active: 0, nextStart: 0, waiters: [] };
        hosts.set(host, state);
      }
      const current = state;
      await new Promise<void>((resolve) => {
        current.waiters.push(resolve);
        pump(host);
      });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        current.active--;
        pump(host);
      };
    },
  };
}
