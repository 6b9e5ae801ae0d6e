import { join } from "node:path";
import { repoRoot } from "./compose.ts";
import { finalStage, instructionsOf, parseDockerfile } from "./dockerfile.ts";

/** The images this repository builds: compose service → Dockerfile (and build args). */
export const builtImages: Record<string, { dockerfile: string; args?: Record<string, string> }> = {
  "qstash-local": { dockerfile: "infra/docker/node-service.Dockerfile", args: { SERVICE: "qstash-local" } },
  orchestrator: { dockerfile: "infra/docker/node-service.Dockerfile", args: { SERVICE: "orchestrator" } },
  crawler: { dockerfile: "infra/docker/node-service.Dockerfile", args: { SERVICE: "crawler" } },
  parser: { dockerfile: "infra/docker/node-service.Dockerfile", args: { SERVICE: "parser" } },
  validator: { dockerfile: "services/validator/Dockerfile" },
  "edge-worker": { dockerfile: "services/edge-worker/Dockerfile" },
};

/**
 * What the base images of final stages (and the third-party images compose runs) have on PATH, from their
 * published Dockerfiles: the Node images ship node, npm, yarn and dash but neither curl nor wget (Debian
 * slim); the Alpine-based ones (redis:*-alpine, Weaviate) have BusyBox (sh, wget, grep); the NVIDIA CUDA
 * runtime images are Ubuntu with bash and coreutils but no Node, curl or wget.
 */
export const baseImageTools: { pattern: RegExp; tools: string[] }[] = [
  { pattern: /^node:\d+-(bookworm|bullseye|trixie)-slim$/, tools: ["node", "npm", "sh", "bash", "grep"] },
  { pattern: /^nvidia\/cuda:.*-ubuntu\d+\.\d+$/, tools: ["sh", "bash", "grep"] },
  { pattern: /^redis:[\d.]+-alpine$/, tools: ["redis-server", "redis-cli", "sh", "grep", "wget"] },
  { pattern: /^cr\.weaviate\.io\/semitechnologies\/weaviate:[\d.]+$/, tools: ["sh", "wget", "grep"] },
];

export function toolsOfBase(image: string): string[] | undefined {
  return baseImageTools.find((entry) => entry.pattern.test(image))?.tools;
}

/** Executables a final stage adds: apt-get/apk installs and files COPYed into a bin folder. */
export function toolsAdded(stage: ReturnType<typeof finalStage>): string[] {
  const tools: string[] = [];
  for (const run of instructionsOf(stage, "RUN")) {
    for (const match of run.matchAll(/(?:apt-get|apk)\s+(?:install|add)\s+([^&;|]+)/g)) {
      tools.push(...(match[1] ?? "").split(/\s+/).filter((word) => word && !word.startsWith("-")));
    }
    for (const match of run.matchAll(/ln -s\S*\s+\S+\s+(\/usr\/(?:local\/)?bin\/\S+)/g)) {
      tools.push((match[1] ?? "").split("/").at(-1) ?? "");
    }
  }
  for (const copy of instructionsOf(stage, "COPY")) {
    const match = /\s(\/usr\/(?:local\/)?bin\/(\S+))\s*$/.exec(copy);
    if (match?.[2]) tools.push(match[2]);
  }
  return tools;
}

export function imageStage(service: string) {
  const image = builtImages[service];
  if (!image) throw new Error(`no image for ${service}`);
  return finalStage(parseDockerfile(join(repoRoot, image.dockerfile)));
}
