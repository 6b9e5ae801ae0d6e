import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/compose.ts";
import { argDefaults, envOf, healthcheckOf, instructionsOf, parseDockerfile } from "./support/dockerfile.ts";
import { builtImages, imageStage, toolsAdded, toolsOfBase } from "./support/images.ts";
import { ownershipProblems, runtimeUser } from "./support/ownership.ts";

// Read from the Dockerfiles, since no Docker engine runs here: what each image's final stage is built from,
// installs, runs as and checks its health with.
const services = Object.keys(builtImages);

describe("images (Dockerfiles)", () => {
  it.each(services)("%s: multi-stage, the final stage runs as a non-root user", (service) => {
    const image = builtImages[service];
    const stages = parseDockerfile(join(repoRoot, image?.dockerfile ?? ""));
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const user = runtimeUser(imageStage(service));
    expect(user.name).not.toBe("root");
    expect(user.uid ?? user.name).not.toBe("0");
  });

  it.each(services)("%s: no compiler, package manager or build toolchain in the final stage", (service) => {
    const stage = imageStage(service);
    // The final stage's own lineage only (build stages are separate FROMs and never its base).
    const runs = instructionsOf(stage, "RUN").join("\n");
    expect(runs).not.toMatch(/\b(g\+\+|gcc|make|build-essential|python3|pnpm|node-gyp)\b/);
    expect(stage.lineage.map((s) => s.name)).not.toContain("build");
    expect(toolsOfBase(stage.base), `known base image ${stage.base}`).toBeDefined();
  });

  it.each(services)("%s: the image's HEALTHCHECK runs a command its final stage has", (service) => {
    const stage = imageStage(service);
    const check = healthcheckOf(stage);
    expect(check, "HEALTHCHECK").toBeDefined();
    const [command, script] = check ?? [];
    const tools = [...(toolsOfBase(stage.base) ?? []), ...toolsAdded(stage)];
    expect(tools).toContain(command);
    expect(script).toBe("/app/healthcheck.mjs");
    // node /app/healthcheck.mjs: build-stage.sh puts the script in the output folder, the final stage copies
    // it (or the whole folder) to /app, its WORKDIR.
    const copies = instructionsOf(stage, "COPY");
    expect(
      copies.some((copy) => /^--from=build\b.*\s\/out(\/healthcheck\.mjs)?\/?\s.*\.\/?$/.test(copy)),
    ).toBe(true);
    expect(instructionsOf(stage, "WORKDIR").at(-1)).toBe("/app");
    expect(readFileSync(join(repoRoot, "infra/docker/build-stage.sh"), "utf8")).toMatch(
      /cp infra\/docker\/healthcheck\.mjs "\$out\/healthcheck\.mjs"/,
    );
    // fetch needs Node ≥ 18: the base is a Node image, or node is copied from a stage that is one.
    const nodeCopy = copies
      .map((copy) => /--from=(\S+) \/usr\/local\/bin\/node /.exec(copy)?.[1])
      .find(Boolean);
    const stages = parseDockerfile(join(repoRoot, builtImages[service]?.dockerfile ?? ""));
    const nodeImage = stage.base.startsWith("node:")
      ? stage.base
      : stages.find((s) => s.name === nodeCopy)?.from;
    expect(nodeImage).toMatch(/^node:(1[89]|2\d)-/);
  });

  it("the healthcheck script uses only Node built-ins and PORT", () => {
    const script = readFileSync(join(repoRoot, "infra/docker/healthcheck.mjs"), "utf8");
    expect(script).not.toMatch(/\bimport\b|require\(/);
    expect(script).toMatch(/process\.env\.PORT/);
    expect(script).toMatch(/\/health/);
  });

  it.each(services)("%s: HOST=0.0.0.0 and a PORT in the image", (service) => {
    const stage = imageStage(service);
    const env = envOf(stage, { ...argDefaults(stage), ...builtImages[service]?.args });
    expect(env.HOST).toBe("0.0.0.0");
    expect(Number(env.PORT)).toBeGreaterThan(0);
  });

  it.each(services)(
    "%s: every data folder the image's ENV names is created and owned by its user",
    (service) => {
      const stage = imageStage(service);
      const env = envOf(stage, argDefaults(stage));
      const dataDirs = ["QSTASH_DATA_DIR", "VECTOR_DB_PATH", "DOWNLOAD_CACHE_DIR", "MODEL_CACHE_DIR"]
        .map((name) => env[name])
        .filter((value): value is string => value !== undefined);
      for (const dir of dataDirs) expect(ownershipProblems(stage, dir), dir).toEqual([]);
    },
  );

  it("the validator image is the CUDA + tfjs-node-gpu one", () => {
    const stage = imageStage("validator");
    expect(stage.base).toMatch(/^nvidia\/cuda:11\.8\.0-cudnn8-runtime-/);
    const dockerfile = readFileSync(join(repoRoot, "services/validator/Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/@tensorflow\/tfjs-node-gpu@4\.22\.0/);
    expect(instructionsOf(stage, "COPY").join("\n")).toMatch(/--from=tfjs \/opt\/tfjs-gpu/);
  });

  it("the edge worker image runs the wrangler the lockfile pins, with the environment as its bindings", () => {
    const stage = imageStage("edge-worker");
    const env = envOf(stage);
    expect(env.CLOUDFLARE_INCLUDE_PROCESS_ENV).toBe("true");
    expect(instructionsOf(stage, "CMD").join(" ")).toMatch(/node_modules\/wrangler\/bin\/wrangler\.js dev/);
    const buildStage = readFileSync(join(repoRoot, "infra/docker/build-stage.sh"), "utf8");
    // wrangler comes from the workspace install (--offline: nothing but what pnpm-lock.yaml resolved).
    expect(buildStage).toMatch(
      /pnpm install --offline --no-frozen-lockfile --filter "@qp\/edge-worker\.\.\."/,
    );
    expect(buildStage).not.toMatch(/npm install[^\n]*wrangler/);
  });
});
