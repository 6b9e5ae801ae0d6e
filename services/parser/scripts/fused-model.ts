/**
 * Makes the parser's fused graph (`onnx/model_fused.onnx`) beside the pinned `model_quantized.onnx`: runs
 * scripts/optimize-model.py, which derives it from that file alone (same weights, fused attention; see there).
 * onnxruntime-node cannot rewrite a graph and the derivation needs onnx + onnxruntime's transformer
 * optimizer, so this takes a Python: `MODEL_PYTHON` when set, else a venv at `<models>/../model-venv` made once
 * with pinned onnx, onnxruntime and sympy from PyPI (about 300 MB).
 *
 * A marker (`onnx/model_fused.json`) records the sha256 of the source model and of the script, so a changed
 * script or model rebuilds the file and an unchanged one costs one read. When no Python can do it, the answer
 * says why and the embedder keeps using model_quantized.onnx (slower, same vectors).
 *
 * Usage: `node --import tsx services/parser/scripts/fused-model.ts [DIR]` (exits 1 when the graph cannot be
 * made: the parser image's build stage runs it through infra/docker/build-stage.sh `model`), or
 * `ensureFusedModel(dir)`.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_MODEL_ROOT, ensureModel, MODEL_ID } from "./fetch-model.ts";

const here = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(here, "optimize-model.py");
/** What optimize-model.py was checked with (cosine >= 0.99999 to the source file, bench/parser). */
export const OPTIMIZER_PACKAGES = ["onnx==1.23.2", "onnxruntime==1.32.0", "sympy==1.14.0"] as const;

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const run = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });

/** The Python that derives the graph for models under `root`: MODEL_PYTHON, else the venv beside `root`. */
export const optimizerPythonPath = (root: string): string =>
  process.env.MODEL_PYTHON ?? join(root, "..", "model-venv", "bin", "python");

/** A Python with onnx and onnxruntime, or why there is none. */
function optimizerPython(root: string): { python: string } | { skipped: string } {
  const python = optimizerPythonPath(root);
  if (!process.env.MODEL_PYTHON && !existsSync(python)) {
    const made = run("python3", ["-m", "venv", join(python, "..", "..")]);
    if (made.status !== 0)
      return { skipped: `no python3 venv: ${(made.stderr || String(made.error)).trim()}` };
  }
  const check = run(python, ["-c", "import onnx, onnxruntime.transformers.optimizer, sympy"]);
  if (check.status === 0) return { python };
  if (process.env.MODEL_PYTHON)
    return { skipped: `MODEL_PYTHON lacks onnx/onnxruntime: ${check.stderr.trim()}` };
  const pip = run(python, ["-m", "pip", "install", "-q", ...OPTIMIZER_PACKAGES]);
  if (pip.status !== 0)
    return { skipped: `pip install failed: ${(pip.stderr || String(pip.error)).slice(-300)}` };
  return { python };
}

/**
 * Make sure `<root>/<model>/onnx/model_fused.onnx` is the current derivation of the pinned model; returns its
 * path (and, when it was derived by this call, optimize-model.py's report: fused operators and the cosine it
 * checked), or `skipped` with the reason when it cannot be made here.
 */
export async function ensureFusedModel(
  root: string = DEFAULT_MODEL_ROOT,
): Promise<{ file: string; derived?: string } | { skipped: string }> {
  await ensureModel(root);
  const folder = join(root, MODEL_ID, "onnx");
  const file = join(folder, "model_fused.onnx");
  const markerFile = join(folder, "model_fused.json");
  const wanted = {
    source_sha256: sha256(join(folder, "model_quantized.onnx")),
    script_sha256: sha256(SCRIPT),
  };
  if (existsSync(file) && existsSync(markerFile)) {
    try {
      const marker = JSON.parse(readFileSync(markerFile, "utf8")) as Record<string, unknown>;
      if (marker.source_sha256 === wanted.source_sha256 && marker.script_sha256 === wanted.script_sha256)
        return { file };
    } catch {
      // An unreadable marker: derive again.
    }
  }
  const found = optimizerPython(root);
  if ("skipped" in found) return found;
  const made = run(found.python, [SCRIPT, root]);
  if (made.status !== 0) return { skipped: `optimize-model.py failed: ${made.stderr.slice(-500)}` };
  writeFileSync(markerFile, JSON.stringify({ ...wanted, fused_sha256: sha256(file) }, null, 2));
  return { file, derived: made.stdout.trim() };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureFusedModel(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_MODEL_ROOT).then((result) => {
    if ("skipped" in result) {
      console.error(`fused-model: ${result.skipped}`);
      process.exit(1);
    }
    // The image build's log then says what was fused and which cosine held.
    if (result.derived) console.log(result.derived);
    console.log(`fused graph ready: ${result.file}`);
  });
}
