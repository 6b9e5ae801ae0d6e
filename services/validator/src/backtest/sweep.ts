import { gridSetCount, gridSizeProblem, MAX_GRID_SETS } from "@qp/schema";
import { SET_STRIDE } from "../engine/kernel.ts";
import type { IndicatorTable } from "../engine/table.ts";
import { CATALOG, type Params, type StrategyTemplate, type TemplateName } from "../strategies/catalog.ts";

/** A request the caller can fix: bad parameters, windows longer than the data, unknown strategy (HTTP 400). */
export class BadRequestError extends Error {
  override name = "BadRequestError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A sweep with more parameter sets than MAX_GRID_SETS, refused by counting before anything is expanded (413). */
export class GridTooLargeError extends BadRequestError {
  override name = "GridTooLargeError";
  constructor(
    readonly count: number,
    readonly limit: number,
    message: string,
  ) {
    super("grid_too_large", message);
  }
}

/** Throws GridTooLargeError when `grid` has more sets than the shared limit (counts axis lengths only). */
export function assertGridSize(grid: Record<string, number[]> | undefined): void {
  const problem = gridSizeProblem({ grid });
  if (problem) throw new GridTooLargeError(problem.count, problem.limit, problem.message);
}

/** The most sets `expandSets` can return for these inputs, counted without expanding (see its rules). */
export function plannedSetCount(
  template: StrategyTemplate,
  params: Params | undefined,
  grid: Record<string, number[]> | undefined,
): number {
  const useGrid = grid ?? (params ? {} : template.grid);
  return gridSetCount(Object.fromEntries(template.paramNames.map((name) => [name, useGrid[name] ?? [0]])));
}

/** The limit on all sets of one request, every symbol counted: refused before the first set is built. */
export function assertPlannedSets(total: number, symbols: number): void {
  if (total <= MAX_GRID_SETS) return;
  throw new GridTooLargeError(
    total,
    MAX_GRID_SETS,
    `the sweep has ${total.toLocaleString("en")} parameter sets over ${symbols} symbol(s), over the limit of ${MAX_GRID_SETS.toLocaleString("en")}; use a smaller grid or fewer symbols`,
  );
}

export function templateOf(name: string): StrategyTemplate {
  const template = CATALOG[name as TemplateName];
  if (!template)
    throw new BadRequestError(
      "unknown_strategy",
      `unknown strategy "${name}"; known: ${Object.keys(CATALOG).join(", ")}`,
    );
  return template;
}

/**
 * The parameter sets to run: `params` alone → one set (defaults filled in); `grid` → the cartesian product,
 * sets that break the template's rule (e.g. fast ≥ slow) skipped; nothing → the template's default grid.
 * Every explicit problem is a BadRequestError naming the parameter.
 */
export function expandSets(
  template: StrategyTemplate,
  params: Params | undefined,
  grid: Record<string, number[]> | undefined,
  nBars: number,
): Params[] {
  const known = new Set(template.paramNames);
  for (const key of [...Object.keys(params ?? {}), ...Object.keys(grid ?? {})])
    if (!known.has(key))
      throw new BadRequestError(
        "unknown_param",
        `${template.name} has no parameter "${key}" (has: ${template.paramNames.join(", ") || "none"})`,
      );
  // Count before building anything: the cartesian product below is what a hostile grid blows up.
  assertGridSize(grid);
  const axes: Record<string, number[]> = {};
  const useGrid = grid ?? (params ? {} : template.grid);
  for (const name of template.paramNames) {
    const values = useGrid[name] ?? [params?.[name] ?? template.defaults[name]!];
    axes[name] = [...new Set(values)].sort((a, b) => a - b);
  }
  let sets: Params[] = [{}];
  for (const name of template.paramNames)
    sets = sets.flatMap((set) => axes[name]!.map((value) => ({ ...set, [name]: value })));
  for (const set of sets) {
    for (const name of template.integerParams) {
      const v = set[name]!;
      if (!Number.isInteger(v) || v < 1)
        throw new BadRequestError("bad_param", `${name} must be a positive integer, got ${v}`);
    }
  }
  const explicit = sets.length === 1;
  const valid = sets.filter((set) => {
    const problem = template.check(set);
    if (problem && explicit) throw new BadRequestError("bad_param", `${template.name}: ${problem}`);
    return problem === null;
  });
  if (valid.length === 0)
    throw new BadRequestError("bad_param", `${template.name}: no valid parameter set in the grid`);
  const usable = valid.filter((set) => template.warmup(set) < nBars);
  if (usable.length === 0) {
    const need = Math.min(...valid.map((set) => template.warmup(set)));
    throw new BadRequestError(
      "window_too_long",
      `${template.name}: the windows need ${need} bars of history but the data has ${nBars}`,
    );
  }
  return usable;
}

/** The kernel's int32 spec rows for `sets` (indicators computed into `table` once per distinct window). */
export function buildSpecs(template: StrategyTemplate, sets: Params[], table: IndicatorTable): Int32Array {
  const specs = new Int32Array(sets.length * SET_STRIDE);
  for (let k = 0; k < sets.length; k++) specs.set(template.spec(table, sets[k]!), k * SET_STRIDE);
  return specs;
}
