import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startFixtureWeb } from "@qp/fixture-web";
import type { TestProject } from "vitest/node";
import { startFakeServers } from "./fixtures/fake-servers.ts";
import { startQstashProcess } from "./fixtures/qstash-process.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Fake Wikipedia/arXiv/Tavily and the orchestrator sink (see fixtures/fake-servers.ts). */
    fakeUrl: string;
    /** @qp/fixture-web over tests/fixtures/web-pages, for DISCOVERY_SOURCES=fixtures. */
    fixtureUrl: string;
    /**
     * A real qstash-local for this run, or "" when it could not start: tests needing it are then skipped
     * with the reason printed, except under CI, where the run fails at set-up instead.
     */
    qstashUrl: string;
    qstashToken: string;
    qstashProblem: string;
    /** What `wrangler deploy --dry-run --outdir` produced, run here on the Node side (workerd has no fs). */
    bundle: { ok: boolean; files: string[]; bytes: number; hasHandler: boolean; output: string };
  }
}

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** Builds the Worker exactly as `wrangler deploy` would, without uploading; offline (no telemetry, no login). */
async function dryRunBuild(): Promise<ProvidedContextBundle> {
  const outdir = await mkdtemp(join(tmpdir(), "edge-worker-build-"));
  try {
    const wrangler = join(root, "node_modules", ".bin", "wrangler");
    const { stdout, stderr } = await promisify(execFile)(
      wrangler,
      ["deploy", "--dry-run", "--outdir", outdir, "--config", join(root, "wrangler.toml")],
      {
        cwd: root,
        timeout: 60_000,
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: "false",
          WRANGLER_SEND_ERROR_REPORTS: "false",
          CLOUDFLARE_API_TOKEN: "",
          CI: "true",
          WRANGLER_HIDE_BANNER: "true",
        },
      },
    ).catch((error: { stdout?: string; stderr?: string; message: string }) => ({
      stdout: error.stdout ?? "",
      stderr: `${error.stderr ?? ""}\n${error.message}`,
    }));
    const files = await readdir(outdir);
    const bundle = files.includes("index.js") ? await readFile(join(outdir, "index.js"), "utf8") : "";
    return {
      ok: bundle.length > 0,
      files,
      bytes: Buffer.byteLength(bundle),
      hasHandler: bundle.includes("concept.validate") && bundle.includes("export"),
      output: `${stdout}\n${stderr}`.slice(-2000),
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
type ProvidedContextBundle = {
  ok: boolean;
  files: string[];
  bytes: number;
  hasHandler: boolean;
  output: string;
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fakes = await startFakeServers();
  project.provide("fakeUrl", fakes.url);
  const fixtureWeb = await startFixtureWeb();
  project.provide("fixtureUrl", fixtureWeb.url);
  let closeQstash = async () => {};
  try {
    const qstash = await startQstashProcess();
    closeQstash = () => qstash.close();
    project.provide("qstashUrl", qstash.url);
    project.provide("qstashToken", qstash.token);
    project.provide("qstashProblem", "");
  } catch (error) {
    const problem = `qstash-local did not start: ${(error as Error).message}`;
    // In CI a missing qstash-local is a broken build, not a reason to skip half the suite.
    if (process.env.CI) {
      await fakes.close();
      await fixtureWeb.close();
      throw new Error(`${problem}\n(CI is set, so the suites that need it fail instead of skipping)`);
    }
    project.provide("qstashUrl", "");
    project.provide("qstashToken", "");
    project.provide("qstashProblem", problem);
  }
  const teardown = async () => {
    await closeQstash();
    await fakes.close();
    await fixtureWeb.close();
  };
  try {
    project.provide("bundle", await dryRunBuild());
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
