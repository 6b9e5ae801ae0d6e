/**
 * One JSON line per event, the shape the Node services' pino writes (`service`, `level`, `msg`, request id as
 * `correlation_id`). Callers pass only what is safe to log: never tokens, keys or Authorization headers.
 */
export function log(
  level: "info" | "warn" | "error",
  msg: string,
  requestId: string,
  fields: Record<string, unknown> = {},
): void {
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
