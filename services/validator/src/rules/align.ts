import { MarketDataError, type PriceSeries } from "../data/types.ts";
import type { IndicatorTable } from "../engine/table.ts";
import type { SymbolBars } from "./compile.ts";

/**
 * Several symbols in one rule (`close(KO)`, `close(PEP)`): their bars on the dates all of them have (the
 * intersection; nothing is filled or carried forward, so no rule ever reads a price that was not traded that
 * day). The traded symbol's series comes back cut to those dates with the others' bars beside it, and a note
 * saying how many bars of each were dropped, which the report lists with the data's repairs.
 */
export function alignSymbols(traded: PriceSeries, others: readonly PriceSeries[]): PriceSeries {
  const all = [traded, ...others];
  const counts = new Map<string, number>();
  for (const s of all) for (const d of s.dates) counts.set(d, (counts.get(d) ?? 0) + 1);
  const common = traded.dates.filter((d) => counts.get(d) === all.length);
  if (common.length < 2)
    throw new MarketDataError(
      "no_common_dates",
      `${all.map((s) => `${s.symbol} (${s.dates[0]} … ${s.dates.at(-1)}, ${s.source})`).join(" and ")} have ${common.length} date(s) in common: a rule across symbols needs their bars on the same days`,
    );
  const keep = new Set(common);
  const cut = (s: PriceSeries): SymbolBars & { dropped: number } => {
    const idx: number[] = [];
    s.dates.forEach((d, i) => {
      if (keep.has(d)) idx.push(i);
    });
    const pick = (a: Float64Array | undefined) => (a ? Float64Array.from(idx, (i) => a[i]!) : undefined);
    const f = s.fields ?? {};
    return {
      close: pick(s.close)!,
      ...(f.open ? { open: pick(f.open)! } : {}),
      ...(f.high ? { high: pick(f.high)! } : {}),
      ...(f.low ? { low: pick(f.low)! } : {}),
      ...(f.volume ? { volume: pick(f.volume)! } : {}),
      dropped: s.dates.length - idx.length,
    };
  };
  const mine = cut(traded);
  const refs: Record<string, SymbolBars> = {};
  const dropped: string[] = [`${mine.dropped} of ${traded.symbol}'s ${traded.dates.length}`];
  for (const s of others) {
    const { dropped: n, ...bars } = cut(s);
    refs[s.symbol.toUpperCase()] = bars;
    dropped.push(`${n} of ${s.symbol}'s ${s.dates.length}`);
  }
  const { dropped: _, close, ...fields } = mine;
  const note = `aligned by date with ${others.map((s) => s.symbol).join(", ")}: ${common.length} common bars (${common[0]} … ${common.at(-1)}); dropped ${dropped.join(", ")}`;
  return {
    ...traded,
    dates: common,
    close,
    ...(traded.fields ? { fields } : {}),
    others: refs,
    alignment: note,
    repairs: [...traded.repairs, note],
    synthetic: all.some((s) => s.synthetic),
  };
}

/** What a rule reads beside the closes: the other price fields, the dates and the aligned symbols. */
export function tableExtra(series: PriceSeries): IndicatorTable["extra"] {
  return {
    ...series.fields,
    dates: series.dates,
    symbol: series.symbol,
    ...(series.others ? { symbols: series.others } : {}),
  };
}
