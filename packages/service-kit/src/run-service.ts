import { createLogger, type Logger } from "./logger.ts";
import { onShutdown, type ShutdownStep } from "./shutdown.ts";
import { EnvError } from "./web/env.ts";

export interface StartedService {
  /** The service's logger (its LOG_LEVEL); shutdown and fatal lines go to it from now on. */
  logger: Logger;
  /** What SIGTERM/SIGINT runs, in order: stop accepting work, finish or hand back in-flight work, close. */
  shutdown: ShutdownStep[];
  /** Bound on each shutdown step (default 10 s, see `onShutdown`). */
  shutdownTimeoutMs?: number;
}

/**
 * The one start-up of every Node service. `main` parses its env, builds, listens and returns its logger and
 * shutdown steps; `runService` then installs the one SIGTERM/SIGINT handler. Whatever goes wrong is one
 * `fatal` JSON line and exit code 1: an `EnvError` (from `parseEnv` or `checkExposure`) as its message, which
 * lists every bad variable and never a value; any other failure to start, or an error nobody caught later,
 * with its stack. Lines before `main` returns carry `service` like every other line.
 */
export async function runService(service: string, main: () => Promise<StartedService>): Promise<void> {
  let logger = createLogger({ service });
  const die = (error: unknown, message: string): never => {
    logger.fatal({ err: error }, message);
    process.exit(1);
  };
  // Node's default for both is to print a stack and exit 1; this keeps the exit and makes it a log line.
  process.on("uncaughtException", (error) => die(error, "uncaught exception"));
  process.on("unhandledRejection", (reason) => die(reason, "unhandled promise rejection"));
  // A stop asked for while `main` still starts (a supervisor that saw "listening" and moved on) waits for
  // the shutdown steps to exist, instead of killing the process with its connections open.
  let early: NodeJS.Signals | undefined;
  const remember = (signal: NodeJS.Signals) => {
    early ??= signal;
  };
  process.on("SIGTERM", remember);
  process.on("SIGINT", remember);
  let started: StartedService;
  try {
    started = await main();
  } catch (error) {
    if (error instanceof EnvError) {
      logger.fatal(error.message);
      process.exit(1);
    }
    return die(error, `${service} failed to start`);
  }
  logger = started.logger;
  onShutdown(
    logger,
    started.shutdown,
    started.shutdownTimeoutMs === undefined ? {} : { timeoutMs: started.shutdownTimeoutMs },
  );
  process.off("SIGTERM", remember);
  process.off("SIGINT", remember);
  if (early) process.kill(process.pid, early);
}
