import { timingSafeEqual } from "node:crypto";
import { createSignatureVerifier, type QstashReceiverOptions } from "@qp/messaging";
import { HttpError, type Logger, type ServiceEnv } from "@qp/service-kit";
import { Hono } from "hono";
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** What a backup run reports back (the @qp/backup manifest's gist). */
export interface BackupSummary {
  id: string;
  createdAt: string;
  files: number;
  pruned: string[];
}

export interface BackupDeps {
  /** Runs one backup (wired to @qp/backup in main.ts); absent: the route answers 503 not_configured. */
  run?: () => Promise<BackupSummary>;
  /** The newest complete backup's time (epoch ms), read once at start so the age metric survives restarts. */
  latest?: () => Promise<number | undefined>;
  signing: Pick<QstashReceiverOptions, "currentSigningKey" | "nextSigningKey">;
  /** PUBLIC_URL, for the signature's `sub` check. */
  publicUrl?: string;
  serviceToken?: string;
  registry: Registry;
  logger: Logger;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `POST /backups` (mounted under /api): run a backup now. Called nightly by a QStash schedule (a signed
 * delivery: `Upstash-Signature` checked with our signing keys) or by an operator with
 * `Authorization: Bearer <SERVICE_TOKEN>`. One at a time (409 while one runs). A failure is a 503, so QStash
 * retries and, in the end, dead-letters it, which the DLQ alert shows. Metrics: `backup_last_success_timestamp_seconds`
 * (the "backup older than 26 h" alert), `backup_runs_total{outcome}`, `backup_duration_seconds`.
 */
export function createBackupRoutes(deps: BackupDeps): Hono<ServiceEnv> {
  const registers = [deps.registry];
  const lastSuccess = new Gauge({
    name: "backup_last_success_timestamp_seconds",
    help: "When the newest complete backup was taken (0: none known)",
    registers,
  });
  const runs = new Counter({
    name: "backup_runs_total",
    help: "Backup runs by outcome",
    labelNames: ["outcome"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "backup_duration_seconds",
    help: "Duration of a successful backup",
    buckets: [1, 5, 15, 60, 300, 900, 3600],
    registers,
  });
  lastSuccess.set(0);
  let ranHere = false;
  runs.inc({ outcome: "success" }, 0);
  runs.inc({ outcome: "failure" }, 0);
  deps
    .latest?.()
    .then((at) => {
      // A run that finished meanwhile knows better.
      if (at !== undefined && !ranHere) lastSuccess.set(at / 1000);
    })
    .catch((error: Error) => deps.logger.warn({ err: error }, "could not read the newest backup"));

  const verify = createSignatureVerifier(deps.signing);
  const publicBase = deps.publicUrl?.replace(/\/+$/, "");
  let running = false;

  const routes = new Hono<ServiceEnv>();
  routes.post("/backups", async (c) => {
    const body = await c.req.text();
    const signature = c.req.header("upstash-signature");
    const bearer = /^Bearer (.+)$/.exec(c.req.header("authorization") ?? "")?.[1];
    if (signature) {
      const path = new URL(c.req.url);
      try {
        await verify(signature, body, publicBase ? `${publicBase}${path.pathname}${path.search}` : undefined);
      } catch {
        throw new HttpError(401, "invalid_signature", "Upstash-Signature does not verify");
      }
    } else if (!(bearer && deps.serviceToken && sameSecret(bearer, deps.serviceToken))) {
      throw new HttpError(401, "unauthorized", "a signed QStash delivery or the service token is required");
    }
    if (!deps.run)
      throw new HttpError(503, "not_configured", "backups are not configured (BACKUP_S3_BUCKET)");
    if (running) throw new HttpError(409, "backup_running", "a backup is already running");
    running = true;
    const started = performance.now();
    try {
      const summary = await deps.run();
      runs.inc({ outcome: "success" });
      duration.observe((performance.now() - started) / 1000);
      ranHere = true;
      lastSuccess.set(Date.parse(summary.createdAt) / 1000);
      return c.json(summary);
    } catch (error) {
      runs.inc({ outcome: "failure" });
      c.var.logger.error({ err: error }, "backup failed");
      throw new HttpError(503, "backup_failed", `backup failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  });
  return routes;
}
