import type { Logger } from "pino";

export type ShutdownStep = { name: string; run: () => Promise<unknown> | unknown };

/**
 * One SIGTERM/SIGINT handler per process: runs the steps in order (stop accepting work, finish or hand back
 * in-flight work, close connections), each bounded by `timeoutMs`, then exits 0 (1 if a step failed).
 */
export function onShutdown(logger: Logger, steps: ShutdownStep[], { timeoutMs = 10_000 } = {}): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    let failed = false;
    for (const step of steps) {
      try {
        await Promise.race([
          Promise.resolve(step.run()),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs).unref(),
          ),
        ]);
      } catch (error) {
        failed = true;
        logger.error({ err: error, step: step.name }, "shutdown step failed");
      }
    }
    logger.info("stopped");
    process.exit(failed ? 1 : 0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}
