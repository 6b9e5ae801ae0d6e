import { REBALANCE_MONTHS } from "../backtest/rotation.ts";
import type { StrategyTemplate } from "./catalog.ts";

/**
 * Dual momentum (Antonacci) as one rotated portfolio across the requested symbols (2 to 20): at each rebalance
 * (the month end by default), hold the symbol whose return over `lookback` bars is the highest, when that return
 * is above `threshold` (absolute momentum: 0, or a stated cash/T-bill return over the lookback), else cash.
 * One position at a time; fees and slippage on every order (backtest/rotation.ts, matched to vectorbt).
 * Its parameters go through the same grid expansion and checks as a template's; `spec` is never used: the
 * rotation has its own loop, not the single-series kernel.
 */
export const ROTATION: StrategyTemplate & { minSymbols: number } = {
  name: "dual_momentum_rotation",
  title: "Dual momentum rotation (absolute and relative)",
  description:
    "dual momentum (Antonacci) across the requested symbols: each month end hold the symbol with the highest return over the lookback if that return is above zero (or a cash threshold), else cash; one position at a time",
  paramNames: ["lookback", "rebalance", "threshold"],
  integerParams: ["lookback"],
  defaults: { lookback: 252, rebalance: 1, threshold: 0 },
  grid: { lookback: [63, 126, 189, 252], rebalance: [1], threshold: [0] },
  minSymbols: 2,
  check: (p) =>
    (REBALANCE_MONTHS as readonly number[]).includes(p.rebalance ?? 1)
      ? Number.isFinite(p.threshold ?? 0) && (p.threshold ?? 0) > -1
        ? null
        : `threshold (${p.threshold}) is a return over the lookback: a number above -1 (0 = absolute momentum)`
      : `rebalance (${p.rebalance}) is the months between rebalances at a month end: ${REBALANCE_MONTHS.join(", ")} (0 = every bar)`,
  // The lookback return is known from bar `lookback`; one more bar to trade on.
  warmup: (p) => (p.lookback ?? 0) + 1,
  spec: () => {
    throw new Error("dual_momentum_rotation runs in backtest/rotation.ts, not the single-series kernel");
  },
};
