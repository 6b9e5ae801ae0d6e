import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, posix } from "node:path";
import { promisify } from "node:util";
import { freePort, waitUntil } from "@qp/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureModel, MODEL_FILES, MODEL_ID } from "../../services/parser/scripts/fetch-model.ts";
import { ensureFusedModel, optimizerPythonPath } from "../../services/parser/scripts/fused-model.ts";
import { repoRoot } from "./support/compose.ts";
import { copyBuildContext, dockerIgnored, readDockerignore } from "./support/context.ts";
import { argDefaults, commandOf, envOf, healthcheckOf, instructionsOf } from "./support/dockerfile.ts";
import { builtImages, imageStage } from "./support/images.ts";

// What `docker build` does for each image, without Docker: the build context (.dockerignore applied) is
// copied to a temporary folder, infra/docker/build-stage.sh runs there as the Dockerfiles run it (install,
// build, `pnpm deploy`; the parser's model; the edge worker's wrangler), and each output folder is started
// the way its image starts it (the Dockerfile's CMD and ENV, with /app → the output folder and /data → a
// temporary folder), until the image's own HEALTHCHECK command passes and GET /health answers.
const run = promisify(execFile);
const services = Object.keys(builtImages);
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

interface Started {
  service: string;
  port: number;
  child: ChildProcess;
  output: () => string;
}

describe("the images' build steps, outside Docker", () => {
  const work = mkdtempSync(join(tmpdir(), "qp-deploy-build-"));
  const context = join(work, "context");
  const data = join(work, "data");
  const outDir = (service: string) => join(work, "out", service);
  const modelRoot = join(repoRoot, ".cache/models");
  // The Python the local path derives the fused graph with (.cache/model-venv, made once by the parser tests'
  // globalSetup or below): the image makes the same venv in its build stage, here it is reused (no PyPI).
  const buildEnv = { ...process.env, CI: "true", MODEL_PYTHON: optimizerPythonPath(modelRoot) };
  const started: Started[] = [];
  const logs: Record<string, string> = {};
  /** Why the fused graph cannot be derived on this machine ("" when it can): its checks are then skipped. */
  let fusedSkipped = "";
  /** The local derivation's marker (onnx/model_fused.json in .cache/models), to compare the image's with. */
  let localMarker: Record<string, string> = {};

  const step = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run("sh", ["infra/docker/build-stage.sh", ...args], {
        cwd: context,
        env: buildEnv,
        maxBuffer: 64 * 1024 * 1024,
      });
      logs[args.join(" ")] = stdout + stderr;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(
        `build-stage.sh ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`,
      );
    }
  };

  beforeAll(async () => {
    // The parser's image fetches the model in its build stage; here the tests' copy is seeded so the same
    // step only checks its sha256 marker (no network). The fused graph is left out of the seed: the step
    // derives it as the image's build does (about 10 s), from the pinned file alone.
    await ensureModel(modelRoot);
    const local = await ensureFusedModel(modelRoot);
    if ("skipped" in local) fusedSkipped = local.skipped;
    else localMarker = JSON.parse(readFileSync(join(dirname(local.file), "model_fused.json"), "utf8"));
    const copied = copyBuildContext(context);
    expect(copied).toContain("infra/docker/build-stage.sh");
    cpSync(modelRoot, join(work, "models"), {
      recursive: true,
      filter: (source) => !basename(source).startsWith("model_fused."),
    });
    // One install for every image, then each bundle (deploy prunes to production: install again first).
    await step("install", ...services);
    for (const service of services) {
      if (service === "edge-worker") continue;
      await step("install", service);
      if (service === "parser") {
        // Without a Python that can derive the graph the step fails, as the image's build would; the pinned
        // file it fetched first is still there, so the rest of the build is checked and the fused checks say
        // why they are skipped.
        if (fusedSkipped) await step("model", join(work, "models")).catch(() => undefined);
        else await step("model", join(work, "models"));
      }
      await step("bundle", service, outDir(service));
    }
    await step("install", "edge-worker");
    await step("edge", outDir("edge-worker"));
  }, 900_000);

  afterAll(async () => {
    await Promise.all(
      started.map(
        ({ child }) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null || !child.pid) return done();
            child.once("exit", () => done());
            // The whole group (wrangler starts workerd); it may be gone already.
            const signal = (name: NodeJS.Signals) => {
              try {
                if (child.pid) process.kill(-child.pid, name);
              } catch {}
            };
            signal("SIGTERM");
            setTimeout(() => signal("SIGKILL"), 10_000).unref();
          }),
      ),
    );
    rmSync(work, { recursive: true, force: true });
  });

  it(".dockerignore keeps secrets, build output and caches out of the context, and keeps what builds need", () => {
    const rules = readDockerignore();
    for (const path of [
      ".env",
      "infra/.env",
      "services/edge-worker/.dev.vars",
      "node_modules/x/index.js",
      "services/parser/node_modules/a.js",
      "services/crawler/dist/main.js",
      ".cache/models/x.onnx",
      ".git/HEAD",
    ])
      expect(dockerIgnored(path, rules), path).toBe(true);
    for (const path of [
      "pnpm-lock.yaml",
      "infra/.env.example",
      "services/parser/scripts/fetch-model.ts",
      "tests/package.json",
    ])
      expect(dockerIgnored(path, rules), path).toBe(false);
  });

  it.each(services.filter((s) => s !== "edge-worker"))(
    "%s: the bundle, its production dependencies and the healthcheck script are in the output",
    (service) => {
      const out = outDir(service);
      expect(existsSync(join(out, "dist/main.js"))).toBe(true);
      expect(existsSync(join(out, "dist/dist")), "dist not nested").toBe(false);
      expect(existsSync(join(out, "healthcheck.mjs"))).toBe(true);
      expect(readFileSync(join(out, "dist/main.js"), "utf8")).toMatch(/bundled by infra\/build-service\.mjs/);
      // Production dependencies only: the test runner and compilers stay out.
      for (const dev of ["vitest", "typescript", "tsx", "esbuild"])
        expect(existsSync(join(out, "node_modules", dev)), dev).toBe(false);
    },
  );

  it("the parser's model is in the folder the image copies to /app/models", () => {
    expect(existsSync(join(work, "models/Xenova/all-MiniLM-L6-v2/onnx/model_quantized.onnx"))).toBe(true);
    const copies = instructionsOf(imageStage("parser"), "COPY").join("\n");
    expect(copies).toMatch(/--from=build \/models \.\/models/);
  });

  it("the parser's `model` step derives the fused graph the local path runs, its cosine to the pinned file checked", ({
    skip,
  }) => {
    if (fusedSkipped) {
      console.warn(`[deploy] fused graph checks skipped: ${fusedSkipped}`);
      skip(fusedSkipped);
    }
    const onnx = join(work, "models", MODEL_ID, "onnx");
    const fused = join(onnx, "model_fused.onnx");
    expect(existsSync(fused), "model_fused.onnx beside the pinned file").toBe(true);
    // optimize-model.py's report, printed into the build log: every layer fused, and the cosine it held.
    const log = logs[`model ${join(work, "models")}`] ?? "";
    expect(log).toMatch(/6 attention layers fused/);
    const cosine = Number(/cosine to the original >= ([\d.]+)/.exec(log)?.[1]);
    expect(cosine, log).toBeGreaterThanOrEqual(0.99999);
    // Derived from the pinned file by this script, and the very bytes the local stack and tests run.
    const marker = JSON.parse(readFileSync(join(onnx, "model_fused.json"), "utf8")) as Record<string, string>;
    expect(marker.source_sha256).toBe(MODEL_FILES["onnx/model_quantized.onnx"]);
    expect(marker.script_sha256).toBe(sha256(join(repoRoot, "services/parser/scripts/optimize-model.py")));
    expect(marker.fused_sha256).toBe(sha256(fused));
    expect(marker.fused_sha256, "same derivation as .cache/models").toBe(localMarker.fused_sha256);
    // The build stage has what the step needs; the final stage gets it through /models, without Python.
    const dockerfile = readFileSync(join(repoRoot, "infra/docker/node-service.Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/apt-get install[^\n]*\bpython3-venv\b/);
    expect(readFileSync(join(repoRoot, "infra/docker/build-stage.sh"), "utf8")).toMatch(
      /services\/parser\/scripts\/fused-model\.ts "\$1"/,
    );
  });

  it("the edge worker's output has the lockfile's wrangler and none of the test tooling", () => {
    const out = outDir("edge-worker");
    const pinned = JSON.parse(readFileSync(join(repoRoot, "services/edge-worker/package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    const wrangler = JSON.parse(readFileSync(join(out, "node_modules/wrangler/package.json"), "utf8")) as {
      version: string;
    };
    expect(wrangler.version).toBe(pinned.devDependencies.wrangler);
    expect(existsSync(join(out, "node_modules/@cloudflare/vitest-pool-workers"))).toBe(false);
    expect(existsSync(join(out, "node_modules/vitest"))).toBe(false);
    expect(existsSync(join(out, "wrangler.toml"))).toBe(true);
  });

  it("every output starts as its image starts it and passes the image's HEALTHCHECK", async () => {
    const redisUrl = inject("redisUrl");
    const ports = Object.fromEntries(
      await Promise.all(services.map(async (s) => [s, await freePort()] as const)),
    );
    const url = (service: string) => `http://127.0.0.1:${ports[service]}`;
    const secrets = {
      QSTASH_TOKEN: "deploy-test-token",
      QSTASH_CURRENT_SIGNING_KEY: "sig_deploy_current",
      QSTASH_NEXT_SIGNING_KEY: "sig_deploy_next",
      SERVICE_TOKEN: "deploy-test-service-token",
      API_KEY: "deploy-test-api-key",
    };
    // What compose passes (infra/docker-compose.yml), with loopback addresses for the service names.
    const local: Record<string, Record<string, string>> = {
      "qstash-local": { ...secrets },
      orchestrator: {
        ...secrets,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: `deploy-${process.pid}:`,
        QSTASH_URL: url("qstash-local"),
        PARSER_URL: url("parser"),
        VALIDATOR_URL: url("validator"),
      },
      crawler: {
        ...secrets,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: `deploy-${process.pid}:`,
        QSTASH_URL: url("qstash-local"),
        ORCHESTRATOR_URL: url("orchestrator"),
      },
      // info: the parser says which graph it loaded (checked below).
      parser: { SERVICE_TOKEN: secrets.SERVICE_TOKEN, LOG_LEVEL: "info" },
      validator: {
        SERVICE_TOKEN: secrets.SERVICE_TOKEN,
        PARSER_URL: url("parser"),
        ORCHESTRATOR_URL: url("orchestrator"),
      },
      "edge-worker": {
        QSTASH_TOKEN: secrets.QSTASH_TOKEN,
        QSTASH_URL: url("qstash-local"),
        ORCHESTRATOR_URL: url("orchestrator"),
      },
    };
    const home = join(work, "home");
    mkdirSync(home, { recursive: true });
    // As in the images: the service runs as an unprivileged user (when this test runs as root) that owns only
    // what its Dockerfile gives it (/data, $HOME, what the final stage chowns under /app), so a write anywhere
    // else fails here as it would in the container.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    const give = (path: string) => {
      mkdirSync(path, { recursive: true });
      if (asUser) chownSync(path, asUser.uid, asUser.gid);
    };
    if (asUser) {
      chmodSync(work, 0o755);
      give(home);
    }
    // /app as the image has it: the final stage's COPY --from=build lines applied to the build outputs (a
    // directory's contents into the destination, files into it), so a file the image forgets is missing here.
    const appDir = (service: string) => join(work, "app", service);
    const emptyModels = join(work, "no-models");
    mkdirSync(emptyModels, { recursive: true });
    for (const service of services) {
      const stage = imageStage(service);
      const workdir = instructionsOf(stage, "WORKDIR").at(-1) ?? "/app";
      for (const copy of instructionsOf(stage, "COPY")) {
        const words = copy.split(/\s+/);
        if (!words.includes("--from=build")) continue;
        const paths = words.filter((word) => !word.startsWith("--"));
        const dest = paths.pop() ?? ".";
        const target = posix.resolve(workdir, dest).replace(/^\/app(?=\/|$)/, appDir(service));
        for (const source of paths) {
          // The build stage fetches the model only for the parser (/models is empty for the others).
          const models = service === "parser" ? join(work, "models") : emptyModels;
          const from = source.replace(/^\/out(?=\/|$)/, outDir(service)).replace(/^\/models(?=\/|$)/, models);
          if (from === emptyModels) mkdirSync(target, { recursive: true });
          else if (statSync(from).isDirectory() && !existsSync(target)) {
            // Moved, not copied (the outputs are not used again): node_modules are hundreds of MB.
            mkdirSync(dirname(target), { recursive: true });
            renameSync(from, target);
          } else if (statSync(from).isDirectory())
            cpSync(from, target, { recursive: true, verbatimSymlinks: true });
          else {
            mkdirSync(target, { recursive: true });
            cpSync(from, join(target, basename(from)));
          }
        }
      }
    }
    const inContainer = (service: string, value: string) =>
      value
        .replace(/^\/app(?=\/|$)/, appDir(service))
        .replace(/^\/data(?=\/|$)/, join(data, service))
        .replace(/^\/market$/, join(repoRoot, "data/market"));

    const launch = (service: string, port: number): Started => {
      const stage = imageStage(service);
      const imageEnv = envOf(stage, { ...argDefaults(stage), ...builtImages[service]?.args });
      const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: home, LOG_LEVEL: "warn" };
      for (const [key, value] of Object.entries(imageEnv)) env[key] = inContainer(service, value);
      Object.assign(env, local[service], { HOST: "127.0.0.1", PORT: String(port) });
      give(join(data, service));
      for (const value of Object.values(env)) if (value.startsWith(join(data, service))) give(value);
      for (const run of instructionsOf(stage, "RUN"))
        for (const match of run.matchAll(/chown (?:-R )?\S+ ((?:\/app\S*\s*)+)/g))
          for (const path of (match[1] ?? "").trim().split(/\s+/)) give(inContainer(service, path));
      const cmd = instructionsOf(stage, "CMD").at(-1);
      const [command, ...args] = commandOf(cmd ?? "").map((arg) => inContainer(service, arg));
      const child = spawn(command ?? "node", args, {
        cwd: appDir(service),
        env,
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        ...asUser,
      });
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      const entry = { service, port, child, output: () => output };
      started.push(entry);
      return entry;
    };

    const running = services.map((service) => launch(service, ports[service] ?? 0));
    for (let i = 0; i < running.length; i++) {
      let current = running[i] as Started;
      const { service } = current;
      const [command, ...args] = (healthcheckOf(imageStage(service)) ?? []).map((arg) =>
        arg.replace(/^\/app(?=\/)/, appDir(service)),
      );
      let attempts = 0;
      // The image's HEALTHCHECK, polled until it passes (the model load and workerd's start take a while).
      await waitUntil(
        async () => {
          if (current.child.exitCode !== null) {
            // Another process on this shared machine took the port between our probe and the start.
            if (/EADDRINUSE/.test(current.output()) && attempts++ < 3) {
              current = launch(service, await freePort());
              return undefined;
            }
            throw new Error(`${service} exited with ${current.child.exitCode}:\n${current.output()}`);
          }
          try {
            await run(command ?? "node", args, {
              env: { PATH: process.env.PATH ?? "", PORT: String(current.port) },
            });
            return true;
          } catch {
            return undefined;
          }
        },
        {
          timeoutMs: 240_000,
          intervalMs: 500,
          what: () => `${service} to be healthy:\n${current.output()}`,
        },
      );
      const port = current.port;
      if (asUser) {
        const status = readFileSync(`/proc/${current.child.pid}/status`, "utf8");
        expect(/^Uid:\s+(\d+)/m.exec(status)?.[1], `${service} runs unprivileged`).toBe(String(asUser.uid));
      }
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      const body = (await response.json()) as { status: string; service?: string };
      expect(response.status, service).toBe(200);
      expect(["healthy", "degraded"], `${service}: ${JSON.stringify(body)}`).toContain(body.status);
      // The image's ENV leaves MODEL_DTYPE unset: the parser picks the fused graph from /app/models.
      if (service === "parser" && !fusedSkipped)
        expect(current.output(), "the parser runs the fused graph").toMatch(
          /"graph":"fused"[^\n]*embedding model loaded/,
        );
    }
  }, 600_000);
});
