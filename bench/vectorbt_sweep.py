"""vectorbt side of bench/validator.bench.ts: the 4,851-set SMA crossover sweep (windows 2..100, fast < slow),
timed end to end (MA + signals + simulation + total return, Sharpe, max drawdown, trade count), cold (first call
in this process: numba JIT or its on-disk cache) and warm (best of N). Writes per-set metrics for the set-by-set
comparison.

usage: python vectorbt_sweep.py CSV PRICE_COLUMN FEES WARM_REPEATS OUT_JSON
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import vectorbt as vbt

csv, column, fees, repeats, out_path = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
df = pd.read_csv(csv)
close = pd.Series(df[column].to_numpy(dtype=float), index=pd.DatetimeIndex(pd.to_datetime(df["Date"])), name="close")


def sweep():
    fast, slow = vbt.MA.run_combs(close, window=np.arange(2, 101), r=2, short_names=["fast", "slow"])
    entries = fast.ma_crossed_above(slow)
    exits = fast.ma_crossed_below(slow)
    pf = vbt.Portfolio.from_signals(close, entries, exits, fees=fees, freq="1D")
    return pf, pf.total_return(), pf.sharpe_ratio(), pf.max_drawdown(), pf.trades.count()


t0 = time.perf_counter()
pf, tr, sr, mdd, tc = sweep()
cold = time.perf_counter() - t0
warm = []
warm_cpu = []
for _ in range(repeats):
    t0 = time.perf_counter()
    c0 = time.process_time()
    sweep()
    warm.append(time.perf_counter() - t0)
    warm_cpu.append(time.process_time() - c0)

cols = tr.index
out = {
    "versions": {"vectorbt": vbt.__version__, "numpy": np.__version__, "pandas": pd.__version__, "python": sys.version.split()[0]},
    "bars": int(len(close)),
    "sets": int(len(cols)),
    "cold_s": cold,
    "warm_s": warm,
    "warm_cpu_s": warm_cpu,
    "fast": [int(c[0]) for c in cols],
    "slow": [int(c[1]) for c in cols],
    "total_return": [float(v) for v in tr.to_numpy()],
    "sharpe_ratio": [None if not np.isfinite(v) else float(v) for v in sr.to_numpy()],
    "max_drawdown": [float(v) for v in mdd.to_numpy()],
    "trades_count": [int(v) for v in tc.to_numpy()],
}
with open(out_path, "w") as fh:
    json.dump(out, fh)
print(json.dumps({k: out[k] for k in ["versions", "bars", "sets", "cold_s", "warm_s", "warm_cpu_s"]}))
