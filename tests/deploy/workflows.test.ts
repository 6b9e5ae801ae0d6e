import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, toolsCacheDir } from "./support/compose.ts";
import { builtImages } from "./support/images.ts";

const ACTIONLINT_VERSION = "v1.7.12";
const workflow = readFileSync(join(repoRoot, ".github/workflows/ci.yml"), "utf8");

function findActionlint(): string | undefined {
  const cached = join(toolsCacheDir(), `actionlint-${ACTIONLINT_VERSION}`, "actionlint");
  if (existsSync(cached)) return cached;
  return spawnSync("actionlint", ["-version"]).status === 0 ? "actionlint" : undefined;
}
const actionlint = findActionlint();
if (!actionlint)
  console.warn(
    "[deploy] actionlint check skipped: no actionlint on PATH or in the tools cache; .ci/run builds it when `go` is installed (sh infra/tools/ensure-go-tools.sh actionlint)",
  );

/** The text of one job (from `  name:` to the next job or the end). */
function job(name: string): string {
  const start = workflow.indexOf(`\n  ${name}:\n`);
  if (start < 0) return "";
  const rest = workflow.slice(start + 1);
  const next = rest.slice(1).search(/\n {2}[a-z][\w-]*:\n/);
  return next < 0 ? rest : rest.slice(0, next + 1);
}

describe("GitHub Actions", () => {
  it.skipIf(!actionlint)("actionlint finds nothing in .github/workflows", () => {
    const result = spawnSync(actionlint ?? "actionlint", ["-no-color"], { cwd: repoRoot, encoding: "utf8" });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the test job runs the same entry point as every CI", () => {
    expect(job("test")).toMatch(/run: bash \.ci\/run/);
  });

  it("the images job builds every image with docker build, starts the stack with --wait and posts a concept", () => {
    const images = job("images");
    for (const { dockerfile } of Object.values(builtImages)) expect(images).toContain(`-f ${dockerfile}`);
    for (const service of ["qstash-local", "orchestrator", "crawler", "parser"])
      expect(images).toContain(service);
    expect(images).toMatch(/node infra\/init-env\.mjs/);
    expect(images).toMatch(/docker compose up --no-build --wait/);
    expect(images).toMatch(/curl[^\n]*-X POST http:\/\/127\.0\.0\.1:8787\//);
    expect(images).toMatch(/api\/concepts\/\$concept_id/);
    expect(images).toMatch(/docker compose down -v/);
    // The parser container runs the fused graph its build stage derived (its start log says which), and the
    // final image has no Python.
    expect(images).toMatch(/docker compose logs --no-color parser \| grep -F '"graph":"fused"'/);
    expect(images).toMatch(
      /docker run --rm --entrypoint sh qstash-pipeline-parser[^']*'if command -v python3; then exit 1; fi/,
    );
  });

  it("the Worker is deployed with wrangler on version tags only, with secrets from the repository", () => {
    const deploy = job("deploy-worker");
    expect(workflow).toMatch(/tags: \["v\*"\]/);
    expect(deploy).toMatch(/if: startsWith\(github\.ref, 'refs\/tags\/v'\)/);
    expect(deploy).toMatch(/wrangler deploy --var "ORCHESTRATOR_URL:\$ORCHESTRATOR_URL"/);
    expect(deploy).toMatch(/wrangler secret bulk/);
    for (const name of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "QSTASH_TOKEN"])
      expect(deploy).toContain(`secrets.${name}`);
    // wrangler.toml leaves ORCHESTRATOR_URL empty: the job refuses to deploy without it.
    expect(deploy).toMatch(/ORCHESTRATOR_URL must be https/);
  });

  it("nothing in CI, the dev container or the deployment files reaches outside the repository", () => {
    const files = [
      ...readdirSync(join(repoRoot, ".github/workflows")).map((f) => join(".github/workflows", f)),
      ...readdirSync(join(repoRoot, ".devcontainer")).map((f) => join(".devcontainer", f)),
      "infra/docker-compose.yml",
      "compose.yaml",
      ".ci/run",
    ];
    for (const file of files)
      expect(readFileSync(join(repoRoot, file), "utf8"), file).not.toMatch(/\.\.\/shared/);
  });
});

describe("dev container", () => {
  const dir = join(repoRoot, ".devcontainer");
  const config = JSON.parse(readFileSync(join(dir, "devcontainer.json"), "utf8")) as {
    dockerComposeFile: string[];
    service: string;
    postCreateCommand: string;
  };

  it("is compose-based: its service is defined in its compose file, with the repository mounted", () => {
    expect(config.dockerComposeFile).toEqual(["compose.yaml"]);
    const compose = readFileSync(join(dir, "compose.yaml"), "utf8");
    expect(compose).toMatch(new RegExp(`\\n {2}${config.service}:\\n`));
    expect(compose).toMatch(/- \.\.:\/workspaces\/qstash-pipeline/);
  });

  it("has the Node toolchain and redis-server, and fetches the model on create", () => {
    const dockerfile = readFileSync(join(dir, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/FROM \S+typescript-node:1-20-/);
    expect(dockerfile).toMatch(/redis-server/);
    expect(dockerfile).toMatch(/build-essential/);
    expect(dockerfile).toMatch(/pnpm@12\.4\.2/);
    expect(config.postCreateCommand).toBe("bash .devcontainer/post-create.sh");
    const postCreate = readFileSync(join(dir, "post-create.sh"), "utf8");
    expect(postCreate).toMatch(/pnpm install --frozen-lockfile/);
    expect(postCreate).toMatch(/services\/parser\/scripts\/fetch-model\.ts/);
  });
});
