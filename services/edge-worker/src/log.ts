/**
 * One JSON line per event, the shape the Node services' pino writes (`service`, `level`, `msg`, request id as
 * `correlation_id`). Callers pass only what is safe to log: never tokens, keys or Authorization headers.
 */
const LEVELS = { info: 30, warn: 40, error: 50 } as const;
let threshold: number = LEVELS.info;

/** LOG_LEVEL (`info`, `warn`, `error`), applied per request from the bindings. */
export function setLogLevel(level: string | undefined): void {
  threshold = LEVELS[level as keyof typeof LEVELS] ?? LEVELS.info;
}

export function log(
  level: "info" | "warn" | "error",
  msg: string,
  requestId: string,
  fields: Record<string, unknown> = {},
): void {
  if (LEVELS[level] < threshold) return;
  const line = JSON.stringify({
    level,
    time: new Date().toISOString(),
    service: "edge-worker",
    correlation_id: requestId,
    msg,
    ...fields,
  });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
