/**
 * `pnpm backtest --csv FILE [--csv FILE2 …] [--symbol S | --symbols A,B] [--trade S] (--strategy NAME | --entry "<rule>" --exit "<rule>") --param k=v ...
 *  [--fees F] [--slippage S]
 *  [--fixed-fees X] [--init-cash C] [--year-days 365|252] [--price-field auto|close|adj_close]
 *  [--engine auto|native|tfjs] [--json] [--out FILE]`
 * One parameter set → its result; lists/ranges (`--param fast=5,10` or `fast=2:100`) or no params → the sweep
 * (best, benchmark, walk-forward, deflated Sharpe and the top 10 sets). A readable table by default; `--json`
 * prints the whole result (a sweep's every set included) as JSON; `--out FILE` writes that JSON to FILE.
 * Exit 2 on bad input, with the reason.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { backtestRequestSchema, summariseIssues } from "@qp/schema";
import { executePlan } from "../backtest/execute.ts";
import { buildPlan } from "../backtest/plan.ts";
import { toPortfolioResult } from "../backtest/report.ts";
import { rotationResult } from "../backtest/rotation-report.ts";
import { BadRequestError } from "../backtest/sweep.ts";
import { loadCsvFile } from "../data/csv-loader.ts";
import type { PriceSeries } from "../data/types.ts";
import { MarketDataError } from "../data/types.ts";
import { createEngines } from "../engine/select.ts";
import { resolveStrategy } from "../resolver/resolve.ts";
import { tableExtra } from "../rules/align.ts";
import { RuleError } from "../rules/compile.ts";
import { bindSymbols, namedRule, RULES } from "../rules/library.ts";
import { CATALOG } from "../strategies/catalog.ts";
import { ROTATION } from "../strategies/rotation.ts";
import { parseArgs, parseValues } from "./args.ts";
import { formatReport, formatResult } from "./format.ts";

const USAGE = `usage: pnpm backtest --csv FILE [--csv FILE2 …] [--symbol S | --symbols A,B] [--trade S] (--strategy NAME | --entry "<rule>" --exit "<rule>") [--param k=v|a,b|from:to[:step] ...] [--fees F] [--slippage S] [--fixed-fees X] [--init-cash C] [--year-days 365|252] [--price-field auto|close|adj_close] [--engine auto|native|tfjs] [--json] [--out FILE]\nNAME: a template, dual_momentum_rotation (2+ symbols: --param lookback, rebalance = months between month-end rebalances or 0 for every bar, threshold) or a named rule (${[...Object.keys(CATALOG), ROTATION.name, ...RULES.filter((r) => !r.template).map((r) => r.name)].join(", ")})`;

async function main(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, new Set(["json", "help"]));
  const one = (name: string) => flags.get(name)?.at(-1);
  if (flags.has("help")) {
    console.log(USAGE);
    return 0;
  }
  const csvs = flags.get("csv") ?? [];
  const csv = csvs[0];
  const strategyName = one("strategy");
  const [entry, exit] = [one("entry"), one("exit")];
  if (!csv || (!strategyName && !(entry && exit)))
    throw new BadRequestError("usage", `--csv and --strategy (or --entry and --exit) are required\n${USAGE}`);
  if (strategyName && (entry || exit))
    throw new BadRequestError("usage", `give --strategy or --entry/--exit, not both\n${USAGE}`);
  if (!strategyName && (!entry || !exit))
    throw new BadRequestError("usage", `a rule needs both --entry and --exit\n${USAGE}`);
  const grid: Record<string, number[]> = {};
  for (const kv of flags.get("param") ?? []) {
    const m = /^([a-z][a-z0-9_]*)=(.+)$/.exec(kv);
    if (!m) throw new BadRequestError("bad_param", `--param wants k=v, got "${kv}"`);
    grid[m[1]!] = [...(grid[m[1]!] ?? []), ...parseValues(m[2]!)];
  }
  const num = (name: string) => (one(name) === undefined ? undefined : Number(one(name)));
  const priceField = one("price-field");
  const allSeries = loadAll(csvs, one("symbols"), one("symbol"), priceField);
  const symbols = [...allSeries.keys()];
  const trade = one("trade");
  const parsed = backtestRequestSchema.safeParse({
    strategy: {
      ...strategyOf(strategyName, entry, exit, symbols),
      ...(trade ? { trade } : {}),
      ...(Object.keys(grid).length ? { grid } : {}),
    },
    ...(num("init-cash") !== undefined ? { init_cash: num("init-cash") } : {}),
    ...(num("fees") !== undefined ? { fees: num("fees") } : {}),
    ...(num("fixed-fees") !== undefined ? { fixed_fees: num("fixed-fees") } : {}),
    ...(num("slippage") !== undefined ? { slippage: num("slippage") } : {}),
    ...(num("year-days") !== undefined ? { year_days: num("year-days") } : {}),
    ...(one("engine") ? { engine: one("engine") } : {}),
    ...(priceField ? { price_field: priceField } : {}),
    store: false,
  });
  if (!parsed.success) throw new BadRequestError("invalid_request", summariseIssues(parsed.error));
  const req = parsed.data;
  const resolution = await resolveStrategy(undefined, {
    ...(req.strategy ? { strategy: req.strategy } : {}),
  });
  const plan = buildPlan(req, resolution, allSeries, "from --csv");
  const engines = createEngines();
  try {
    const choice = await engines.choose(req.engine);
    const run = plan.runs[0]!;
    // A rule across symbols trades one of them, on the dates all share (run.series is that aligned series).
    const series = run.series;
    if (plan.runs.length === 1 && run.sets.length === 1 && run.rotation) {
      const full = { ...(await rotationResult(run, req)), symbols: run.rotation.symbols };
      const out = save(one("out"), full);
      await print(
        flags.has("json")
          ? JSON.stringify(full, null, 2)
          : `${formatResult(full)}${out ? `\nwritten: ${out}` : ""}`,
      );
    } else if (plan.runs.length === 1 && run.sets.length === 1) {
      const { IndicatorTable } = await import("../engine/table.ts");
      const { buildSpecs } = await import("../backtest/sweep.ts");
      const { metricsOf } = await import("../backtest/metrics.ts");
      const table = new IndicatorTable(series.close, tableExtra(series));
      const n = table.nBars;
      const raw = await choice.engine.run({
        table,
        specs: buildSpecs(run.template, run.sets, table),
        nSets: 1,
        from: 0,
        to: n,
        costs: { initCash: req.init_cash, fees: req.fees, fixedFees: req.fixed_fees, slippage: req.slippage },
      });
      const result = await toPortfolioResult(
        {
          series,
          strategy: run.template.name,
          costs: {
            initCash: req.init_cash,
            fees: req.fees,
            fixedFees: req.fixed_fees,
            slippage: req.slippage,
          },
          yearDays: req.year_days,
          engine: raw.engine,
          gpu: raw.gpuAccelerated,
          seconds: raw.seconds,
          from: 0,
          to: n,
          ...(run.rule ? { rule: run.rule } : {}),
        },
        run.sets[0]!,
        metricsOf(raw.out, 0, n, req.init_cash, req.year_days),
      );
      const full = { ...result, ...(run.rule ? { rule: run.rule } : {}), engine_reason: choice.reason };
      const out = save(one("out"), full);
      await print(
        flags.has("json")
          ? JSON.stringify(full, null, 2)
          : `${formatResult(full)}${out ? `\nwritten: ${out}` : ""}`,
      );
    } else {
      const report = await executePlan(plan, choice.engine, choice.reason);
      const out = save(one("out"), report);
      await print(flags.has("json") ? JSON.stringify(report, null, 2) : formatReport(report, out));
    }
  } finally {
    await engines.close();
  }
  return 0;
}

/**
 * `--csv FILE` once or more (one symbol each, named by the file or by `--symbols A,B` in the same order), or
 * one wide table with `--symbols A,B` (its columns). The first symbol is the one traded unless `--trade` says.
 */
function loadAll(
  csvs: string[],
  symbolsFlag: string | undefined,
  symbol: string | undefined,
  priceField: string | undefined,
): Map<string, PriceSeries> {
  const names = symbolsFlag ? symbolsFlag.split(",").map((v) => v.trim()) : symbol ? [symbol] : [];
  const files = csvs.map((f) => resolve(process.env.INIT_CWD ?? process.cwd(), f));
  const field = (priceField ?? "auto") as "auto" | "close" | "adj_close";
  if (!["auto", "close", "adj_close"].includes(field))
    throw new BadRequestError("invalid_request", `--price-field is auto, close or adj_close, not "${field}"`);
  const pairs: Array<[string, string | undefined]> =
    files.length === 1
      ? names.length
        ? names.map((n) => [files[0]!, n])
        : [[files[0]!, undefined]]
      : files.map((f, k) => [f, names[k]]);
  if (files.length > 1 && names.length && names.length !== files.length)
    throw new BadRequestError(
      "usage",
      `--symbols names ${names.length} symbols for ${files.length} --csv files: one per file, in order`,
    );
  const out = new Map<string, PriceSeries>();
  for (const [file, name] of pairs) {
    const series = loadCsvFile(file, { ...(name ? { symbol: name } : {}), priceField: field });
    if (out.has(series.symbol))
      throw new BadRequestError(
        "duplicate_symbol",
        `${series.symbol} is loaded twice (${out.get(series.symbol)!.source} and ${file}): name them with --symbols`,
      );
    out.set(series.symbol, series);
  }
  return out;
}

/**
 * A template by name, a named rule of the library by name (its text; a rule across symbols bound to the loaded
 * symbols in order), or the rule typed on the command line.
 */
function strategyOf(
  name: string | undefined,
  entry: string | undefined,
  exit: string | undefined,
  symbols: string[],
) {
  if (!name) return { entry: entry!, exit: exit! };
  // A template, or the dual-momentum rotation across every loaded symbol (in --csv / --symbols order).
  if (name in CATALOG || name === ROTATION.name) return { name: name as "dual_momentum_rotation" };
  const named = namedRule(name);
  if (!named)
    throw new BadRequestError(
      "unknown_strategy",
      `unknown strategy "${name}"; known: ${[...Object.keys(CATALOG), ROTATION.name, ...RULES.map((r) => r.name)].filter((v, i, a) => a.indexOf(v) === i).join(", ")}`,
    );
  if (named.slots) {
    if (symbols.length < named.slots.length)
      throw new BadRequestError(
        "missing_symbol",
        `${named.name} reads ${named.slots.length} symbols: give ${named.slots.length} --csv files (or --symbols A,B with a wide table)`,
      );
    const bind = (text: string) => bindSymbols(text, named.slots!, symbols);
    return { entry: bind(named.entry), exit: bind(named.exit), label: named.name, trade: symbols[0]! };
  }
  return { entry: named.entry, exit: named.exit, label: named.name };
}

/** `--out FILE`: the whole result as JSON (relative to where pnpm was run); returns the path written. */
function save(file: string | undefined, value: unknown): string | undefined {
  if (!file) return undefined;
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

/**
 * Write and wait until stdout took all of it. A pipe to a slow reader accepts 64 KiB at a time; exiting before
 * it drains cut a 1.3 MB `--json` sweep at 65,536 bytes (issue 10).
 */
function print(text: string): Promise<void> {
  return new Promise((done, fail) => {
    process.stdout.write(`${text}\n`, (error) => (error ? fail(error) : done()));
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof RuleError) {
      console.error(`error: bad_rule: ${error.message}`);
      process.exit(2);
    }
    const known = error instanceof BadRequestError || error instanceof MarketDataError;
    console.error(`error: ${known ? `${error.code}: ` : ""}${(error as Error).message}`);
    process.exit(known ? 2 : 1);
  },
);
