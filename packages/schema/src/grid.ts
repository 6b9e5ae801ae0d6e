/**
 * The most parameter sets one back-test may sweep: the product of a grid's axis lengths, counted before anything
 * is expanded (issue 12: a 1000×1000×1000 macd grid in a 15 KB body was expanded whole before any size check,
 * 60 s at full CPU and 5.7 GB). The validator's route and CLI, and the orchestrator before it forwards a
 * concept's strategy, all refuse over this number. The default grids of the templates have fewer than 100 sets.
 */
export const MAX_GRID_SETS = 100_000;

/**
 * How many parameter sets a grid expands to at most: the product of its axis lengths (duplicates and sets a
 * template skips, e.g. fast ≥ slow, are counted; it is an upper bound that never allocates). 1 for no grid.
 */
export function gridSetCount(
  grid: Readonly<Record<string, { readonly length: number }>> | undefined,
): number {
  let count = 1;
  for (const axis of Object.values(grid ?? {})) count *= axis.length;
  return count;
}

export interface GridTooLarge {
  code: "grid_too_large";
  /** Parameter sets the grid asks for. */
  count: number;
  limit: number;
  message: string;
}

/** Why a strategy's grid is refused (too many sets), or null when it fits. Cheap: counts, never expands. */
export function gridSizeProblem(
  strategy: { grid?: Readonly<Record<string, { readonly length: number }>> | undefined } | undefined,
  limit = MAX_GRID_SETS,
): GridTooLarge | null {
  const count = gridSetCount(strategy?.grid);
  if (count <= limit) return null;
  return {
    code: "grid_too_large",
    count,
    limit,
    message: `the grid has ${count.toLocaleString("en")} parameter sets, over the limit of ${limit.toLocaleString("en")}; use fewer values per parameter`,
  };
}
