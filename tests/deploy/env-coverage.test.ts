import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseEnv } from "@qp/service-kit";
import { beforeAll, describe, expect, it } from "vitest";
import { vectorStoreEnvSchema } from "../../packages/vector-store/src/env.ts";
import { envSchema as crawlerEnv } from "../../services/crawler/src/env.ts";
import { envSchema as orchestratorEnv } from "../../services/orchestrator/src/env.ts";
import { parserEnvSchema } from "../../services/parser/src/env.ts";
import { envSchema as qstashLocalEnv } from "../../services/qstash-local/src/env.ts";
import { validatorEnvSchema } from "../../services/validator/src/env.ts";
import {
  type ComposeModel,
  composeConfig,
  documentedVariables,
  findCompose,
  generatedEnvFile,
  readEnvFile,
  repoRoot,
} from "./support/compose.ts";
import { argDefaults, envOf } from "./support/dockerfile.ts";
import { builtImages, imageStage } from "./support/images.ts";

// Each Node service parses its environment with zod in main(); these are the same schemas (whatever they
// require after other changes land), applied to what the container would get: its image's ENV, then
// compose's `environment` resolved with an infra/.env made from .env.example.
type Schema = Parameters<typeof parseEnv>[0];
const schemas: Record<string, Schema[]> = {
  "qstash-local": [qstashLocalEnv],
  orchestrator: [orchestratorEnv, vectorStoreEnvSchema],
  crawler: [crawlerEnv],
  parser: [parserEnvSchema],
  validator: [validatorEnvSchema, vectorStoreEnvSchema],
};

/** The keys a schema cannot do without: an object field that rejects `undefined` (through a transform too). */
function requiredKeys(schema: Schema): string[] {
  const def = (schema as unknown as { def: { type: string; in?: Schema; shape?: Record<string, Schema> } })
    .def;
  if (def.type === "pipe" && def.in) return requiredKeys(def.in);
  if (def.type !== "object" || !def.shape) return [];
  return Object.entries(def.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
}

/** Secrets a service refuses to run without when HOST is not loopback (issue 12's checkExposure). */
const exposureSecrets = ["SERVICE_TOKEN", "API_KEY"];

const composeVariables = (text: string) =>
  new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)(?::?[-?][^}]*)?\}/g)].map((m) => m[1] ?? ""));

describe("environment coverage", () => {
  it("every variable the compose files read is documented in infra/.env.example, and every documented one is read", () => {
    const documented = documentedVariables();
    const files = ["infra/docker-compose.yml", "infra/docker-compose.gpu.yml"];
    const used = new Set(
      files.flatMap((file) => [...composeVariables(readFileSync(join(repoRoot, file), "utf8"))]),
    );
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(documented, `${name} documented`).toContain(name);
    // COMPOSE_PROFILES is read by compose itself.
    for (const name of documented)
      if (name !== "COMPOSE_PROFILES") expect(used, `${name} used`).toContain(name);
  });

  it("reads what a schema requires (the crawler cannot start without Redis and QStash)", () => {
    expect(requiredKeys(crawlerEnv)).toEqual(
      expect.arrayContaining(["REDIS_URL", "QSTASH_URL", "QSTASH_TOKEN", "ORCHESTRATOR_URL"]),
    );
    expect(requiredKeys(crawlerEnv)).not.toContain("PORT");
  });

  it("the names other services' contracts introduce are documented (SERVICE_TOKEN, API_KEY, REDIS_PASSWORD…)", () => {
    const documented = documentedVariables();
    for (const name of [
      "SERVICE_TOKEN",
      "API_KEY",
      "REDIS_PASSWORD",
      "DISCOVERY_SOURCES",
      "FIXTURE_SEARCH_URL",
    ])
      expect(documented).toContain(name);
  });

  it("init-env fills every secret with a fresh random value and leaves the rest as documented", () => {
    const first = readEnvFile(generatedEnvFile());
    const second = readEnvFile(generatedEnvFile());
    const example = readEnvFile(join(repoRoot, "infra/.env.example"));
    for (const name of ["REDIS_PASSWORD", "SERVICE_TOKEN", "API_KEY", "QSTASH_TOKEN", "WEAVIATE_API_KEY"]) {
      expect(first[name]).toMatch(/^[0-9a-f]{64}$/);
      expect(first[name]).not.toBe(second[name]);
    }
    expect(first.QSTASH_URL).toBe(example.QSTASH_URL);
  });

  const compose = findCompose();
  if ("reason" in compose) console.warn(`[deploy] env-schema checks skipped: ${compose.reason}`);
  describe.skipIf("reason" in compose)("each service's env schema accepts what its container gets", () => {
    let model: ComposeModel;
    beforeAll(() => {
      model = composeConfig("argv" in compose ? compose.argv : [], { envFile: generatedEnvFile() });
    });

    const containerEnv = (service: string): Record<string, string> => {
      const stage = builtImages[service] ? imageStage(service) : undefined;
      const env: Record<string, string> = stage
        ? { ...envOf(stage, { ...argDefaults(stage), ...builtImages[service]?.args }) }
        : {};
      for (const [key, value] of Object.entries(model.services[service]?.environment ?? {}))
        if (value !== null) env[key] = value;
      return env;
    };

    it.each(Object.keys(schemas))("%s", (service) => {
      const env = containerEnv(service);
      for (const schema of schemas[service] ?? []) {
        for (const key of requiredKeys(schema)) expect(env[key], `${service} needs ${key}`).toBeTruthy();
        // parseEnv treats empty strings as unset, as in main(); it throws naming each bad variable.
        expect(() => parseEnv(schema, env)).not.toThrow();
        // A service that listens beyond loopback must have the secrets guarding it (checkExposure in main()).
        const shape = (schema as unknown as { def: { in?: { def: { shape?: object } }; shape?: object } })
          .def;
        for (const key of Object.keys(shape.shape ?? shape.in?.def.shape ?? {}))
          if (exposureSecrets.includes(key))
            expect(env[key], `${service} on ${env.HOST} needs ${key}`).toBeTruthy();
      }
    });

    it("the edge worker: its config parses and publishing is configured (QSTASH_TOKEN, ORCHESTRATOR_URL)", async () => {
      const env = containerEnv("edge-worker");
      // Imported by path: the Worker's own tsconfig (workers types) covers this file, not the Node one.
      const workerEnv = pathToFileURL(join(repoRoot, "services/edge-worker/src/env.ts")).href;
      const { configFrom } = (await import(/* @vite-ignore */ workerEnv)) as {
        configFrom: (bindings: Record<string, string>) => Record<string, unknown>;
      };
      const config = configFrom(env);
      expect(config.QSTASH_TOKEN).toBeTruthy();
      expect(config.ORCHESTRATOR_URL).toBe("http://orchestrator:8000");
      expect(config.QSTASH_URL).toBe("http://qstash-local:8080");
    });

    it("the publishers, the receiver and qstash-local share one token and signing keys", () => {
      const local = containerEnv("qstash-local");
      const orchestrator = containerEnv("orchestrator");
      for (const service of ["orchestrator", "crawler", "edge-worker"])
        expect(containerEnv(service).QSTASH_TOKEN).toBe(local.QSTASH_TOKEN);
      expect(orchestrator.QSTASH_CURRENT_SIGNING_KEY).toBe(local.QSTASH_CURRENT_SIGNING_KEY);
      expect(orchestrator.QSTASH_NEXT_SIGNING_KEY).toBe(local.QSTASH_NEXT_SIGNING_KEY);
      // The validator reaches the parser (embeddings) and the orchestrator (job settled) directly.
      expect(containerEnv("validator").PARSER_URL).toBe("http://parser:8002");
      expect(containerEnv("validator").ORCHESTRATOR_URL).toBe("http://orchestrator:8000");
      const token = orchestrator.SERVICE_TOKEN;
      for (const service of ["parser", "validator"]) expect(containerEnv(service).SERVICE_TOKEN).toBe(token);
      const password = containerEnv("redis").REDIS_PASSWORD;
      for (const service of ["orchestrator", "crawler"])
        expect(containerEnv(service).REDIS_URL).toBe(`redis://:${password}@redis:6379`);
    });
  });
});
