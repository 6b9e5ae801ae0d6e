import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ComposeModel,
  composeConfig,
  composeFile,
  findCompose,
  generatedEnvFile,
  repoRoot,
  tempFile,
} from "./support/compose.ts";
import { argDefaults, envOf, healthcheckOf } from "./support/dockerfile.ts";
import { builtImages, imageStage, toolsAdded, toolsOfBase } from "./support/images.ts";
import { ownershipProblems, runtimeUser } from "./support/ownership.ts";

// `docker compose config` resolves the files exactly as `up` would (interpolation, anchors, includes,
// profiles) without an engine; the checks below read its JSON.
const compose = findCompose();
if ("reason" in compose) console.warn(`[deploy] compose checks skipped: ${compose.reason}`);
const composeArgv = "argv" in compose ? compose.argv : [];

/** The folders each service writes (its env schema's data settings); the crawler keeps nothing. */
const dataPaths: Record<string, string[]> = {
  "qstash-local": ["QSTASH_DATA_DIR"],
  orchestrator: ["VECTOR_DB_PATH"],
  parser: ["VECTOR_DB_PATH"],
  validator: ["VECTOR_DB_PATH", "DOWNLOAD_CACHE_DIR"],
};

describe.skipIf("reason" in compose)("docker compose config", () => {
  let envFile: string;
  let model: ComposeModel;
  let withWeaviate: ComposeModel;

  beforeAll(() => {
    envFile = generatedEnvFile();
    model = composeConfig(composeArgv, { envFile });
    withWeaviate = composeConfig(composeArgv, { envFile, profiles: ["weaviate"] });
  });

  it("the default stack: redis, qstash-local, the four Node services and the edge worker; Weaviate by profile", () => {
    expect(Object.keys(model.services).sort()).toEqual(
      ["crawler", "edge-worker", "orchestrator", "parser", "qstash-local", "redis", "validator"].sort(),
    );
    expect(Object.keys(withWeaviate.services)).toContain("weaviate");
  });

  it("the root compose.yaml includes the same stack", () => {
    const root = composeConfig(composeArgv, { envFile, files: [join(repoRoot, "compose.yaml")] });
    expect(Object.keys(root.services).sort()).toEqual(Object.keys(model.services).sort());
    // The CI images job tags its builds qstash-pipeline-<service> so that `up --no-build` runs them.
    expect((root as { name?: string }).name).toBe("qstash-pipeline");
  });

  it("without the secrets compose refuses to start and names what is missing", () => {
    expect(() => composeConfig(composeArgv, { envFile: tempFile(".env", "LOG_LEVEL=info\n") })).toThrow(
      /(REDIS_PASSWORD|QSTASH_TOKEN|SERVICE_TOKEN|API_KEY|QSTASH_\w+_SIGNING_KEY).*infra\/\.env/,
    );
  });

  it("the GPU override gives the validator an NVIDIA device reservation", () => {
    const gpu = composeConfig(composeArgv, {
      envFile,
      files: [composeFile, join(repoRoot, "infra/docker-compose.gpu.yml")],
    });
    const deploy = JSON.stringify(gpu.services.validator?.deploy);
    expect(deploy).toMatch(/"driver":"nvidia"/);
    expect(deploy).toMatch(/"capabilities":\["gpu"\]/);
    expect(model.services.validator?.deploy ?? {}).not.toHaveProperty("resources");
  });

  it("only the edge worker and the orchestrator are published, and only on 127.0.0.1", () => {
    const published = Object.entries(withWeaviate.services).filter(([, s]) => (s.ports ?? []).length > 0);
    expect(published.map(([name]) => name).sort()).toEqual(["edge-worker", "orchestrator"]);
    for (const [, service] of published)
      for (const port of service.ports ?? []) expect(port.host_ip).toBe("127.0.0.1");
  });

  it("Redis: append-only file, a password, data on a volume", () => {
    const redis = model.services.redis;
    const command = JSON.stringify((redis as { command?: string[] }).command);
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--requirepass/);
    expect(redis?.environment?.REDIS_PASSWORD).toMatch(/^[0-9a-f]{64}$/);
    expect(redis?.volumes?.[0]?.target).toBe("/data");
  });

  it("Weaviate ≥ 1.27 with persistence, API-key auth (no anonymous access) and the backup module", () => {
    const weaviate = withWeaviate.services.weaviate;
    const version = /:(\d+)\.(\d+)\.\d+$/.exec(weaviate?.image ?? "");
    expect(Number(version?.[1]) * 1000 + Number(version?.[2])).toBeGreaterThanOrEqual(1027);
    const env = weaviate?.environment ?? {};
    expect(env.AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED).toBe("false");
    expect(env.AUTHENTICATION_APIKEY_ENABLED).toBe("true");
    expect(env.AUTHENTICATION_APIKEY_ALLOWED_KEYS).toMatch(/^[0-9a-f]{64}$/);
    expect(env.ENABLE_MODULES).toMatch(/backup-filesystem/);
    const targets = (weaviate?.volumes ?? []).map((v) => v.target);
    expect(targets).toContain(env.PERSISTENCE_DATA_PATH);
    expect(targets).toContain(env.BACKUP_FILESYSTEM_PATH);
    // The services send the same key the server accepts.
    expect(model.services.parser?.environment?.WEAVIATE_API_KEY).toBe(env.AUTHENTICATION_APIKEY_ALLOWED_KEYS);
  });

  it("every dependency waits for a healthy service", () => {
    for (const [name, service] of Object.entries(withWeaviate.services))
      for (const [dependency, spec] of Object.entries(service.depends_on ?? {})) {
        expect(spec.condition, `${name} → ${dependency}`).toBe("service_healthy");
        expect(withWeaviate.services[dependency], `${name} → ${dependency}`).toBeDefined();
      }
  });

  it("every service has a healthcheck whose command its image has", () => {
    for (const [name, service] of Object.entries(withWeaviate.services)) {
      expect(service.healthcheck?.disable, name).not.toBe(true);
      const image = builtImages[name];
      const stage = image ? imageStage(name) : undefined;
      const test = service.healthcheck?.test ?? (stage ? healthcheckOf(stage) : undefined);
      expect(test, `${name} healthcheck`).toBeDefined();
      const tools = stage
        ? [...(toolsOfBase(stage.base) ?? []), ...toolsAdded(stage)]
        : toolsOfBase(service.image ?? "");
      expect(tools, `${name}: known image ${service.image ?? image?.dockerfile}`).toBeDefined();
      const [kind, ...rest] = test ?? [];
      // CMD: the executable; CMD-SHELL: /bin/sh plus the first word of every command in the line.
      const commands =
        kind === "CMD-SHELL"
          ? [
              "sh",
              ...(rest[0] ?? "").split(/\||&&|;/).map(
                (part) =>
                  part
                    .trim()
                    .replace(/^(\w+=("[^"]*"|\S*)\s+)*/, "")
                    .split(/\s+/)[0],
              ),
            ]
          : [rest[0]];
      for (const command of commands) expect(tools, `${name}: ${command}`).toContain(command);
    }
  });

  it("every Node service listens on 0.0.0.0 inside its container", () => {
    for (const name of Object.keys(builtImages)) {
      const stage = imageStage(name);
      const env = { ...envOf(stage, argDefaults(stage)), ...model.services[name]?.environment };
      expect(env.HOST, name).toBe("0.0.0.0");
    }
  });

  it("every volume of a built service is created and owned by its image's user; data paths lie on volumes", () => {
    for (const [name, service] of Object.entries(model.services)) {
      if (!builtImages[name]) continue;
      const stage = imageStage(name);
      const writable = (service.volumes ?? []).filter((v) => !v.read_only);
      for (const volume of writable) expect(ownershipProblems(stage, volume.target), `${name}`).toEqual([]);
      const env = { ...envOf(stage, argDefaults(stage)), ...service.environment };
      for (const key of dataPaths[name] ?? []) {
        const path = env[key];
        expect(path, `${name} ${key}`).toBeDefined();
        if (!path) continue;
        expect(
          writable.some((v) => path === v.target || path.startsWith(`${v.target}/`)),
          `${name} ${key}=${path} is on a volume`,
        ).toBe(true);
      }
    }
  });

  it("the services that share LanceDB share one volume, and every image uses the same uid", () => {
    const sharing = ["orchestrator", "parser", "validator"];
    const sources = sharing.map(
      (name) => model.services[name]?.volumes?.find((v) => v.target === "/data")?.source,
    );
    expect(new Set(sources).size).toBe(1);
    expect(sources[0]).toBeDefined();
    const uids = Object.keys(builtImages).map((name) => runtimeUser(imageStage(name)).uid);
    expect(new Set(uids)).toEqual(new Set(["10001"]));
  });
});
