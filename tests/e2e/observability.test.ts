/**
 * The Grafana dashboard against the real services: every metric a panel queries must be exported on the
 * `/metrics` of a service started through its real entry point (names from `# TYPE` lines, so a histogram
 * with no observations yet still counts). `up` is Prometheus's own series, the one allowed exception.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, uniquePrefix } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureModel } from "../../services/parser/scripts/fetch-model.ts";
import { type ServiceProcess, startService } from "../support/service-process.ts";

const ALERTS = resolve(import.meta.dirname, "../../infra/observability/alerts.yml");
const DASHBOARD = resolve(import.meta.dirname, "../../infra/observability/grafana/dashboards/pipeline.json");
const MARKET = resolve(import.meta.dirname, "../../data/market");
const PROMETHEUS_OWN = new Set(["up"]);
const PROMQL_WORDS = new Set([
  "by",
  "without",
  "and",
  "or",
  "unless",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "offset",
  "inf",
  "nan",
]);

/** Metric names in a PromQL expression: identifiers that are not functions, keywords, labels or durations. */
export function metricsIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, "") // label values
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, "") // grouping labels
    .replace(/\[[^\]]*\]/g, "") // ranges
    .replace(/(?<![A-Za-z_:])\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, ""); // numbers such as 1e-9
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*(?=\s*(\()?)/g)) {
    if (m[1] === "(" || PROMQL_WORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** `# TYPE` names on a /metrics page, histogram and summary series names included. */
function exported(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    names.add(name);
    if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(`${name}${s}`);
    if (type === "summary") for (const s of ["_sum", "_count"]) names.add(`${name}${s}`);
  }
  return names;
}

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}

describe("metric extraction from PromQL", () => {
  it("finds metric names and skips functions, labels, keywords and ranges", () => {
    expect(
      metricsIn(
        'histogram_quantile(0.95, sum by (le, type) (rate(qstash_message_duration_seconds_bucket{type!="x"}[5m])))',
      ),
    ).toEqual(["qstash_message_duration_seconds_bucket"]);
    expect(metricsIn("(time() - max(backup_last_success_timestamp_seconds)) / 3600")).toEqual([
      "backup_last_success_timestamp_seconds",
    ]);
    expect(metricsIn("a_total / clamp_min(b_total, 1e-9) and on (job) up")).toEqual([
      "a_total",
      "b_total",
      "up",
    ]);
  });
});

describe("Grafana dashboard against the running services", () => {
  const services: ServiceProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), "qp-obs-"));
  const available = new Set<string>();

  beforeAll(async () => {
    const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
    const redis = { REDIS_URL: inject("redisUrl"), REDIS_KEY_PREFIX: uniquePrefix("obs") };
    const qstashPort = await freePort();
    const keys = { QSTASH_CURRENT_SIGNING_KEY: "sig_obs_current", QSTASH_NEXT_SIGNING_KEY: "sig_obs_next" };
    const qstash = { QSTASH_URL: `http://127.0.0.1:${qstashPort}`, QSTASH_TOKEN: "obs-token", ...keys };
    const vectors = { VECTOR_DB_PATH: join(dataDir, "lancedb") };
    const [parserPort, validatorPort, orchPort, crawlPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    services.push(
      await startService("qstash-local", qstashPort, { ...qstash, QSTASH_DATA_DIR: join(dataDir, "qstash") }),
    );
    services.push(await startService("parser", parserPort, { ...vectors, MODEL_DIR: modelDir }));
    services.push(
      await startService("validator", validatorPort, {
        ...vectors,
        MARKET_DATA_DIR: MARKET,
        PARSER_URL: `http://127.0.0.1:${parserPort}`,
      }),
    );
    const orchestrator = await startService("orchestrator", orchPort, {
      ...redis,
      ...qstash,
      ...vectors,
      PARSER_URL: `http://127.0.0.1:${parserPort}`,
      VALIDATOR_URL: `http://127.0.0.1:${validatorPort}`,
    });
    services.push(orchestrator);
    services.push(
      await startService("crawler", crawlPort, { ...redis, ...qstash, ORCHESTRATOR_URL: orchestrator.url }),
    );
    for (const service of services) {
      const res = await fetch(`${service.url}/metrics`);
      expect(res.status, `${service.name} /metrics`).toBe(200);
      for (const name of exported(await res.text())) available.add(name);
    }
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("every panel queries at least one metric, and each is exported by a service (up aside)", () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { panels: Panel[] };
    expect(dashboard.panels.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const panel of dashboard.panels) {
      const names = panel.targets.flatMap((t) => metricsIn(t.expr));
      expect(names.length, `panel "${panel.title}" queries no metric`).toBeGreaterThan(0);
      for (const name of names) {
        if (!PROMETHEUS_OWN.has(name) && !available.has(name)) missing.push(`${panel.title}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("every alert rule's metrics are exported too (up aside)", () => {
    // The rules file's `expr:` values: one line, or a `|` block of deeper-indented lines.
    const lines = readFileSync(ALERTS, "utf8").split("\n");
    const exprs: string[] = [];
    lines.forEach((line, i) => {
      const m = /^(\s*)expr:\s*(.*)$/.exec(line);
      if (!m) return;
      if (m[2] !== "|") {
        exprs.push(m[2] as string);
        return;
      }
      const block: string[] = [];
      for (let j = i + 1; j < lines.length && /^\s*$|^\s{10,}/.test(lines[j] as string); j++)
        block.push(lines[j] as string);
      exprs.push(block.join(" "));
    });
    expect(exprs.length).toBeGreaterThanOrEqual(6);
    const missing = exprs
      .flatMap((e) => metricsIn(e))
      .filter((name) => !PROMETHEUS_OWN.has(name) && !available.has(name));
    expect(missing).toEqual([]);
  });

  it("the crawler reports the start_urls depth it reads from Redis", async () => {
    const crawler = services.find((s) => s.name === "crawler") as ServiceProcess;
    const text = await (await fetch(`${crawler.url}/metrics`)).text();
    expect(text).toMatch(/^crawler_queue_depth\{queue="start_urls"[^}]*\} 0$/m);
    expect(text).toMatch(/^crawler_queue_depth\{queue="start_urls:dead"[^}]*\} 0$/m);
  });

  it("validator_gpu_accelerated agrees with the engine the validator's /health reports", async () => {
    const validator = services.find((s) => s.name === "validator") as ServiceProcess;
    const health = (await (await fetch(`${validator.url}/health`)).json()) as {
      services: { engine?: { message?: string } };
    };
    const gpu = /gpu_accelerated: (true|false)/.exec(health.services.engine?.message ?? "")?.[1];
    expect(gpu).toBeDefined();
    const text = await (await fetch(`${validator.url}/metrics`)).text();
    const value = /^validator_gpu_accelerated(?:\{[^}]*\})? (\d)$/m.exec(text)?.[1];
    expect(value).toBe(gpu === "true" ? "1" : "0");
  });
});
