/**
 * Validator benchmark: the SMA crossover sweep of every fast < slow window in 2..100 (4,851 sets) on real
 * daily data (GOOG, 3,379 bars, fees 0.001), end to end (indicators, signals, simulation, total return,
 * Sharpe, max drawdown, trade count), side by side:
 *   - our native engine (typed arrays + worker_threads, 2 threads and 1 thread),
 *   - our tfjs engine on the CPU (whatever tfjs loads here; pure JS when tfjs-node is absent),
 *   - vectorbt (pip-installed into .cache/validator-bench-venv, or VBT_PYTHON=/path/to/python),
 * cold (first run in the process; for the native pool, the first run after its start-up warm-up, as the
 * service's main.ts does it) and warm (best of 20 native runs, 3 vectorbt runs), bar·sets per second of wall time and per CPU-second (all
 * threads; the machine is shared, so wall time depends on the load average printed beside it), and the
 * metrics of ours vs vectorbt compared set by set. Prints a table; writes bench/results/validator.json with
 * `ratio` = our 2-thread warm bar·sets/s ÷ vectorbt's (the reference, run in the same process), `goal_ratio`
 * = ours ÷ the 0.5 G bar·sets/s goal, and `load_average` at the start and end.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { metricsOf } from "../services/validator/src/backtest/metrics.ts";
import { buildSpecs, expandSets } from "../services/validator/src/backtest/sweep.ts";
import { loadCsvFile } from "../services/validator/src/data/csv-loader.ts";
import { createNativeEngine } from "../services/validator/src/engine/native.ts";
import { KernelPool } from "../services/validator/src/engine/pool.ts";
import { IndicatorTable } from "../services/validator/src/engine/table.ts";
import { createTfjsEngine } from "../services/validator/src/engine/tfjs-engine.ts";
import type { Engine } from "../services/validator/src/engine/types.ts";
import { CATALOG, FULL_SMA_GRID } from "../services/validator/src/strategies/catalog.ts";
import { writeResult } from "./lib/results.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const csv = join(root, "data", "market", "yahoofinance-GOOG-20040819-20180120.csv");
const FEES = 0.001;
const WARM = Number(process.env.VALIDATOR_BENCH_WARM ?? 5);
/** Native warm runs take ~0.1 s: best of 20, so one lucky or unlucky slice of a shared machine decides less. */
const NATIVE_WARM = Number(process.env.VALIDATOR_BENCH_NATIVE_WARM ?? 20);
const series = loadCsvFile(csv, { priceField: "close" });
const bars = series.close.length;
const template = CATALOG.sma_crossover;

interface Row {
  engine: string;
  sets: number;
  cold_s: number;
  /** CPU seconds (all threads) of the cold run. */
  cold_cpu_s: number;
  warm_s: number;
  warm_all_s: number[];
  /** CPU seconds (all threads) of the best warm run: load-independent, unlike wall time on a shared box. */
  warm_cpu_s: number;
  bar_sets_per_cpu_s: number;
  bar_sets_per_s_warm: number;
  bar_sets_per_s_cold: number;
}

/** End to end from the close array: indicator table, specs, the sweep, per-set metrics. */
async function sweepOnce(engine: Engine, sets = expandSets(template, undefined, FULL_SMA_GRID, bars)) {
  const table = new IndicatorTable(series.close);
  const specs = buildSpecs(template, sets, table);
  const raw = await engine.run({
    table,
    specs,
    nSets: sets.length,
    from: 0,
    to: bars,
    costs: { initCash: 100, fees: FEES, fixedFees: 0, slippage: 0 },
  });
  return { sets, metrics: sets.map((_, k) => metricsOf(raw.out, k, bars, 100, 365)) };
}

async function time(name: string, engine: Engine, repeats: number, setLimit?: number) {
  const all = expandSets(template, undefined, FULL_SMA_GRID, bars);
  const sets = setLimit ? all.slice(0, setLimit) : all;
  let t = performance.now();
  const coldCpu = process.cpuUsage();
  const first = await sweepOnce(engine, sets);
  const cold = (performance.now() - t) / 1000;
  const coldUsed = process.cpuUsage(coldCpu);
  const warm: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < repeats; k++) {
    t = performance.now();
    const c = process.cpuUsage();
    await sweepOnce(engine, sets);
    warm.push((performance.now() - t) / 1000);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1e6);
  }
  const best = Math.min(...warm);
  const bestCpu = Math.min(...cpu);
  const row: Row = {
    engine: name,
    sets: sets.length,
    cold_s: cold,
    cold_cpu_s: (coldUsed.user + coldUsed.system) / 1e6,
    warm_s: best,
    warm_cpu_s: bestCpu,
    bar_sets_per_cpu_s: (sets.length * bars) / bestCpu,
    warm_all_s: warm,
    bar_sets_per_s_warm: (sets.length * bars) / best,
    bar_sets_per_s_cold: (sets.length * bars) / cold,
  };
  return { row, result: first };
}

function vectorbtPython(): string | null {
  if (process.env.VBT_PYTHON) return process.env.VBT_PYTHON;
  const venv = join(root, ".cache", "validator-bench-venv");
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) {
    console.log(`creating ${venv} and pip-installing vectorbt (first run only; minutes)…`);
    mkdirSync(dirname(venv), { recursive: true });
    const made = spawnSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
    if (made.status !== 0) return null;
    const pip = spawnSync(join(venv, "bin", "pip"), ["install", "--quiet", "vectorbt"], { stdio: "inherit" });
    if (pip.status !== 0) return null;
  }
  return python;
}

const loadAtStart = loadavg();
const rows: Row[] = [];
const pool2 = new KernelPool(Math.min(2, availableParallelism()));
// What the service does at start-up (main.ts): start the worker and compile the kernel on a tiny sweep.
let started = performance.now();
pool2.warm();
await pool2.ready;
const warmUpSeconds = (performance.now() - started) / 1000;
const native2 = createNativeEngine(pool2);
const n2 = await time(`native (${pool2.threads} threads)`, native2, NATIVE_WARM);
rows.push(n2.row);
const workerSets = pool2.lastWorkerSets;
await pool2.close();
// The same without the start-up warm-up: the very first call of a fresh pool (the worker joins when ready).
const coldPool = new KernelPool(Math.min(2, availableParallelism()));
started = performance.now();
await sweepOnce(createNativeEngine(coldPool));
const unwarmedColdSeconds = (performance.now() - started) / 1000;
await coldPool.close();
const pool1 = new KernelPool(1);
pool1.warm();
const native1 = createNativeEngine(pool1);
rows.push((await time("native (1 thread)", native1, NATIVE_WARM)).row);

// Pure-JS tfjs on a CPU is slow (minutes for all 4,851 sets): by default it runs the first 512 sets (one
// chunk); bar·sets/s is what compares, and VALIDATOR_BENCH_TFJS_SETS=4851 runs the whole sweep.
const tfSets = Number(process.env.VALIDATOR_BENCH_TFJS_SETS ?? 512);
const tfjs = await createTfjsEngine();
const tf = await time(`tfjs ${tfjs.name} (${tfjs.backend.gpu ? "GPU" : "CPU"})`, tfjs, 1, tfSets);
rows.push(tf.row);

let vbt: {
  versions: Record<string, string>;
  bars: number;
  sets: number;
  cold_s: number;
  warm_s: number[];
  warm_cpu_s: number[];
  fast: number[];
  slow: number[];
  total_return: number[];
  sharpe_ratio: Array<number | null>;
  max_drawdown: number[];
  trades_count: number[];
} | null = null;
const python = vectorbtPython();
if (python) {
  const out = join(root, ".cache", "validator-bench-vectorbt.json");
  mkdirSync(dirname(out), { recursive: true });
  execFileSync(
    python,
    [join(here, "vectorbt_sweep.py"), csv, "Close", String(FEES), String(Math.min(WARM, 3)), out],
    { stdio: "inherit" },
  );
  vbt = JSON.parse(readFileSync(out, "utf8"));
  const best = Math.min(...vbt!.warm_s);
  const bestCpu = Math.min(...vbt!.warm_cpu_s);
  rows.push({
    engine: `vectorbt ${vbt!.versions.vectorbt} (numba, 1 thread)`,
    sets: vbt!.sets,
    cold_s: vbt!.cold_s,
    cold_cpu_s: Number.NaN,
    warm_cpu_s: bestCpu,
    bar_sets_per_cpu_s: (vbt!.sets * vbt!.bars) / bestCpu,
    warm_s: best,
    warm_all_s: vbt!.warm_s,
    bar_sets_per_s_warm: (vbt!.sets * vbt!.bars) / best,
    bar_sets_per_s_cold: (vbt!.sets * vbt!.bars) / vbt!.cold_s,
  });
} else console.warn("vectorbt unavailable (no python3 venv / pip): reference column skipped");

// Set-by-set comparison.
const key = (s: Record<string, number>) => `${s.fast}/${s.slow}`;
const ours = new Map(n2.result.sets.map((s, k) => [key(s), n2.result.metrics[k]!]));
function compare(other: {
  keys: string[];
  total_return: number[];
  sharpe: Array<number | null>;
  mdd: number[];
  trades: number[];
}) {
  let dTr = 0;
  let dTrRel = 0;
  let dSr = 0;
  let dMdd = 0;
  let tradeMismatch = 0;
  let compared = 0;
  other.keys.forEach((k, j) => {
    const m = ours.get(k);
    if (!m) return;
    compared++;
    dTr = Math.max(dTr, Math.abs(m.totalReturn - other.total_return[j]!));
    dTrRel = Math.max(
      dTrRel,
      Math.abs(m.totalReturn - other.total_return[j]!) / Math.max(1, Math.abs(1 + other.total_return[j]!)),
    );
    const s = other.sharpe[j];
    if (s !== null && s !== undefined && Number.isFinite(m.sharpe))
      dSr = Math.max(dSr, Math.abs(m.sharpe - s));
    else if ((s === null) !== !Number.isFinite(m.sharpe)) dSr = Number.POSITIVE_INFINITY;
    dMdd = Math.max(dMdd, Math.abs(m.maxDrawdown - other.mdd[j]!));
    if (m.trades !== other.trades[j]) tradeMismatch++;
  });
  return {
    compared,
    max_abs_diff_total_return: dTr,
    max_rel_diff_final_value: dTrRel,
    max_abs_diff_sharpe: dSr,
    max_abs_diff_max_drawdown: dMdd,
    trade_count_mismatches: tradeMismatch,
  };
}
const vsVectorbt = vbt
  ? compare({
      keys: vbt.fast.map((f, j) => `${f}/${vbt!.slow[j]}`),
      total_return: vbt.total_return,
      sharpe: vbt.sharpe_ratio,
      mdd: vbt.max_drawdown,
      trades: vbt.trades_count,
    })
  : null;
const vsTfjs = compare({
  keys: tf.result.sets.map(key),
  total_return: tf.result.metrics.map((m) => m.totalReturn),
  sharpe: tf.result.metrics.map((m) => (Number.isFinite(m.sharpe) ? m.sharpe : null)),
  mdd: tf.result.metrics.map((m) => m.maxDrawdown),
  trades: tf.result.metrics.map((m) => m.trades),
});

const fmt = (v: number) => (v >= 1e9 ? `${(v / 1e9).toFixed(2)} G` : `${(v / 1e6).toFixed(1)} M`);
console.log(
  `\nSMA crossover sweep, windows 2..100 (fast < slow), GOOG ${bars} bars, fees ${FEES}; ${cpus()[0]?.model ?? "cpu"} × ${availableParallelism()}`,
);
console.log(
  `${"engine".padEnd(44)}${"sets".padStart(6)}${"cold s".padStart(10)}${"warm s".padStart(10)}${"bar·sets/s warm".padStart(18)}${"cold".padStart(12)}${"per CPU-s".padStart(12)}`,
);
for (const r of rows)
  console.log(
    `${r.engine.padEnd(44)}${String(r.sets).padStart(6)}${r.cold_s.toFixed(3).padStart(10)}${r.warm_s.toFixed(3).padStart(10)}${fmt(r.bar_sets_per_s_warm).padStart(18)}${fmt(r.bar_sets_per_s_cold).padStart(12)}${fmt(r.bar_sets_per_cpu_s).padStart(12)}`,
  );
if (vsVectorbt) console.log("native vs vectorbt, set by set:", JSON.stringify(vsVectorbt));
console.log("native vs tfjs, set by set:", JSON.stringify(vsTfjs));
const bestPair = [...ours.entries()].reduce((a, b) => (b[1].totalReturn > a[1].totalReturn ? b : a));
console.log(
  `load average (1/5/15 min) at the end: ${loadavg()
    .map((v) => v.toFixed(2))
    .join(" ")} — other processes on the machine slow every row alike`,
);
console.log(`best total return: ${bestPair[0]} → ${bestPair[1].totalReturn.toFixed(6)}`);

const GOAL = 0.5e9;
const oursWarm = n2.row.bar_sets_per_s_warm;
const vbtRow = vbt ? rows[rows.length - 1]! : null;
const ratio = vbtRow ? oursWarm / vbtRow.bar_sets_per_s_warm : null;
console.log(
  `native 2 threads warm: ${fmt(oursWarm)} bar·sets/s = ${(oursWarm / GOAL).toFixed(2)}× the 0.5 G goal` +
    (ratio !== null ? `, ${ratio.toFixed(0)}× vectorbt` : "") +
    `; per CPU-second ${fmt(n2.row.bar_sets_per_cpu_s)} (2 idle cores would give up to twice that);` +
    ` cold ${(n2.row.cold_s / n2.row.warm_s).toFixed(2)}× warm in wall time, ${(n2.row.cold_cpu_s / n2.row.warm_cpu_s).toFixed(2)}× in CPU time (after warm-up ${warmUpSeconds.toFixed(3)} s),` +
    ` first call of an unwarmed pool ${unwarmedColdSeconds.toFixed(3)} s; worker ran ${workerSets} of ${n2.row.sets} sets in the last warm run`,
);

writeResult("validator", {
  ratio,
  reference: vbtRow
    ? `${vbtRow.engine}, warm bar·sets/s, same run; ratio = native 2 threads warm ÷ vectorbt warm`
    : "vectorbt unavailable in this run (see log); ratio null, goal_ratio still measured",
  goal_ratio: oursWarm / GOAL,
  goal: "native 2 threads warm ≥ 0.5 G bar·sets/s (goal_ratio ≥ 1)",
  load_average: { start: loadAtStart, end: loadavg() },
  native_2_threads: {
    warm_bar_sets_per_s: oursWarm,
    bar_sets_per_cpu_s: n2.row.bar_sets_per_cpu_s,
    cold_over_warm: n2.row.cold_s / n2.row.warm_s,
    cold_over_warm_cpu: n2.row.cold_cpu_s / n2.row.warm_cpu_s,
    startup_warm_up_s: warmUpSeconds,
    unwarmed_first_call_s: unwarmedColdSeconds,
    worker_sets_last_warm_run: workerSets,
  },
  when: new Date().toISOString(),
  data: { file: "yahoofinance-GOOG-20040819-20180120.csv", field: "Close", bars, fees: FEES },
  cpu: cpus()[0]?.model,
  cores: availableParallelism(),
  rows,
  vs_vectorbt: vsVectorbt,
  vs_tfjs: vsTfjs,
  vectorbt_versions: vbt?.versions ?? null,
  tfjs_backend: tfjs.backend.detail,
});
await native1.pool.close();
process.exit(0);
