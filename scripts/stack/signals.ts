/**
 * Stop the stack when this process is asked to (SIGINT, SIGTERM, SIGHUP to its own pid, not only a terminal's
 * Ctrl-C) and when its parent goes away: `pnpm start` killed with SIGTERM exits without passing the signal
 * on, which would leave the stack running with nobody to stop it.
 */
export function stopOnSignals(stop: (reason: string) => Promise<void>): void {
  let stopping = false;
  const once = (reason: string) => {
    if (stopping) return;
    stopping = true;
    stop(reason).then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`stack: ${error.message}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => once(signal));
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) once("parent process exited");
  }, 500).unref();
}
