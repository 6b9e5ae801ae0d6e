import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../../..");
export const composeFile = join(repoRoot, "infra/docker-compose.yml");
export const envExampleFile = join(repoRoot, "infra/.env.example");

/** The compose version .ci/run builds from the Go module proxy when no `docker compose` is installed. */
export const COMPOSE_VERSION = "v2.40.3";

/** Where infra/tools/ensure-go-tools.sh caches what it builds (outside the repository). */
export function toolsCacheDir(): string {
  return (
    process.env.QP_TOOLS_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "qstash-pipeline/tools")
  );
}

/**
 * A compose v2 CLI as [command, ...leading args]: $DOCKER_COMPOSE (a path), the `docker compose` plugin,
 * `docker-compose` on PATH, or the binary .ci/run built. `reason` says why there is none.
 */
export function findCompose(): { argv: string[] } | { reason: string } {
  const candidates: string[][] = [];
  if (process.env.DOCKER_COMPOSE) candidates.push([process.env.DOCKER_COMPOSE]);
  candidates.push(["docker", "compose"], ["docker-compose"]);
  candidates.push([join(toolsCacheDir(), `docker-compose-${COMPOSE_VERSION}`)]);
  for (const argv of candidates) {
    const [command, ...rest] = argv;
    if (!command) continue;
    if (command.includes("/") && !existsSync(command)) continue;
    const probe = spawnSync(command, [...rest, "version", "--short"], { encoding: "utf8", timeout: 30_000 });
    if (probe.status === 0 && /^v?2\./.test(probe.stdout.trim())) return { argv };
  }
  return {
    reason:
      `no docker compose v2 CLI (tried $DOCKER_COMPOSE, docker compose, docker-compose, ` +
      `${join(toolsCacheDir(), `docker-compose-${COMPOSE_VERSION}`)}); .ci/run builds it when \`go\` is installed ` +
      "(sh infra/tools/ensure-go-tools.sh compose)",
  };
}

/** Read an env file into a map (KEY=VALUE lines; comments and blank lines skipped). */
export function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1]) env[match[1]] = match[2] ?? "";
  }
  return env;
}

/** Every variable .env.example documents: set (`NAME=`) or shown commented out (`# NAME=`). */
export function documentedVariables(): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(envExampleFile, "utf8").split("\n")) {
    const match = /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line.trim());
    if (match?.[1]) names.add(match[1]);
  }
  return names;
}

/** An env file as `node infra/init-env.mjs --out FILE` writes it (the example with fresh secrets). */
export function generatedEnvFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "qp-deploy-env-"));
  const out = join(dir, ".env");
  execFileSync(process.execPath, [join(repoRoot, "infra/init-env.mjs"), "--out", out], { stdio: "pipe" });
  return out;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string>; target?: string };
  environment?: Record<string, string | null>;
  ports?: { target: number; published?: string; host_ip?: string }[];
  volumes?: { type: string; source?: string; target: string; read_only?: boolean }[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  profiles?: string[];
  deploy?: unknown;
}

export interface ComposeModel {
  services: Record<string, ComposeService>;
}

/** `compose config --format json` of the stack with `envFile`; throws with compose's stderr on failure. */
export function composeConfig(
  argv: string[],
  {
    envFile,
    files = [composeFile],
    profiles = [],
  }: { envFile?: string; files?: string[]; profiles?: string[] },
): ComposeModel {
  const [command, ...rest] = argv;
  const args = [...rest, ...files.flatMap((f) => ["-f", f])];
  if (envFile) args.push("--env-file", envFile);
  for (const profile of profiles) args.push("--profile", profile);
  args.push("config", "--format", "json");
  const result = spawnSync(command ?? "docker", args, {
    encoding: "utf8",
    cwd: repoRoot,
    timeout: 60_000,
    // Only what the test passes: a developer's own COMPOSE_* or secrets must not change the outcome.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), DOCKER_CONFIG: tmpdir() },
  });
  if (result.status !== 0) throw new Error(`compose config failed: ${result.stderr || result.stdout}`);
  return JSON.parse(result.stdout) as ComposeModel;
}

/** Write `text` to a fresh temporary file and return its path. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "qp-deploy-")), name);
  writeFileSync(path, text);
  return path;
}
