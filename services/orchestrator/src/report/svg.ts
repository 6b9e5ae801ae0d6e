import { html, type SafeHtml } from "./html.ts";

/** Server-rendered SVG charts: no script, no network, readable in any browser and in a saved file. */

export interface Box {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

// The top margin holds the legend, so that it never covers a line.
const BOX: Box = { width: 820, height: 280, left: 64, right: 16, top: 30, bottom: 30 };

/** Linear map of [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

const fixed = (v: number) => (Math.round(v * 10) / 10).toString();

/** "M x0 y0 L x1 y1 …" for the points, one decimal (a tenth of a pixel is finer than any screen). */
export function linePath(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${fixed(x)} ${fixed(y)}`).join("");
}

/** About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  // Integer multiples of the step (no accumulated rounding: 0 stays 0, not −2.8e−17).
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++)
    ticks.push(k === 0 ? 0 : Number((k * step).toPrecision(12)));
  return ticks;
}

/** January 1st ticks, thinned to at most `max`. */
function yearTicks(t0: number, t1: number, max = 8): number[] {
  const y0 = new Date(t0).getUTCFullYear() + 1;
  const y1 = new Date(t1).getUTCFullYear();
  const every = Math.max(1, Math.ceil((y1 - y0 + 1) / max));
  const ticks: number[] = [];
  for (let y = y0; y <= y1; y += every) ticks.push(Date.UTC(y, 0, 1));
  return ticks;
}

export interface Series {
  /** `data-series` of the path, for tests and styles. */
  key: string;
  label: string;
  color: string;
  values: ReadonlyArray<number>;
  /** Fill between the line and zero (drawdown). */
  area?: boolean;
}

/**
 * A time-series chart of one or more series over shared ISO dates: y grid with labels, year ticks, a legend.
 * `format` writes the y labels.
 */
export function timeChart(options: {
  id: string;
  title: string;
  dates: ReadonlyArray<string>;
  series: ReadonlyArray<Series>;
  format: (v: number) => string;
  /** Force zero into the y range (drawdown: 0 at the top). */
  includeZero?: boolean;
  box?: Box;
}): SafeHtml {
  const box = options.box ?? BOX;
  const times = options.dates.map((d) => Date.parse(d));
  const all = options.series.flatMap((s) => s.values.filter(Number.isFinite));
  let lo = Math.min(...all, ...(options.includeZero ? [0] : []));
  let hi = Math.max(...all, ...(options.includeZero ? [0] : []));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  const pad = (hi - lo) * 0.04 || Math.abs(hi) * 0.04 || 1;
  const yLo = options.includeZero && lo === 0 ? 0 : lo - pad;
  const yHi = options.includeZero && hi === 0 ? 0 : hi + pad;
  const x = scale(times[0] ?? 0, times.at(-1) ?? 1, box.left, box.width - box.right);
  const y = scale(yLo, yHi, box.height - box.bottom, box.top);
  const yTicks = niceTicks(yLo, yHi, 5).filter((v) => v >= yLo && v <= yHi);
  const xTicks = yearTicks(times[0] ?? 0, times.at(-1) ?? 0);
  const paths = options.series.map((s) => {
    const points = s.values.map((v, i) => [x(times[i]!), y(v)] as const);
    const d = linePath(points);
    const fill =
      s.area && points.length
        ? html`<path class="area" data-series="${s.key}-area" d="${`${d}L${fixed(points.at(-1)![0])} ${fixed(y(0))}L${fixed(points[0]![0])} ${fixed(y(0))}Z`}" fill="${s.color}" fill-opacity="0.18" stroke="none"/>`
        : "";
    return html`${fill}<path data-series="${s.key}" d="${d}" fill="none" stroke="${s.color}" stroke-width="1.6" stroke-linejoin="round"/>`;
  });
  const legend = options.series.map(
    (s, i) =>
      html`<g class="legend" transform="translate(${box.left + i * 170} 6)"><rect width="14" height="4" y="4" fill="${s.color}"/><text x="20" y="10">${s.label}</text></g>`,
  );
  return html`<svg id="${options.id}" class="chart" viewBox="0 0 ${box.width} ${box.height}" width="100%" role="img" aria-labelledby="${options.id}-title" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-title">${options.title}</title>
${yTicks.map((v) => html`<line class="grid" x1="${box.left}" x2="${box.width - box.right}" y1="${fixed(y(v))}" y2="${fixed(y(v))}"/><text class="tick" x="${box.left - 6}" y="${fixed(y(v) + 4)}" text-anchor="end">${options.format(v)}</text>`)}
${xTicks.map((t) => html`<line class="grid" x1="${fixed(x(t))}" x2="${fixed(x(t))}" y1="${box.top}" y2="${box.height - box.bottom}"/><text class="tick" x="${fixed(x(t))}" y="${box.height - box.bottom + 16}" text-anchor="middle">${new Date(t).getUTCFullYear()}</text>`)}
<rect class="frame" x="${box.left}" y="${box.top}" width="${box.width - box.left - box.right}" height="${box.height - box.top - box.bottom}" fill="none"/>
${paths}
${legend}
</svg>`;
}

/** Diverging colour for a value in [−limit, limit]: red below zero, green above, white at zero. */
export function divergingColor(value: number, limit: number): string {
  const t = limit > 0 ? Math.max(-1, Math.min(1, value / limit)) : 0;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * Math.abs(t));
  return t < 0
    ? `rgb(${mix(255, 200)},${mix(255, 60)},${mix(255, 60)})`
    : `rgb(${mix(255, 40)},${mix(255, 150)},${mix(255, 70)})`;
}

/** A heatmap of `values[y][x]` (null = not a valid set), the chosen cell outlined, each value written in. */
export function heatmapChart(options: {
  id: string;
  title: string;
  xName: string;
  yName: string;
  xValues: ReadonlyArray<number>;
  yValues: ReadonlyArray<number>;
  values: ReadonlyArray<ReadonlyArray<number | null>>;
  chosen?: { x: number; y: number };
  format: (v: number) => string;
}): SafeHtml {
  const nx = options.xValues.length;
  const ny = options.yValues.length;
  const cw = Math.max(34, Math.min(72, 680 / Math.max(1, nx)));
  const ch = Math.max(18, Math.min(34, 420 / Math.max(1, ny)));
  const left = 70;
  const top = 10;
  const width = left + cw * nx + 10;
  const height = top + ch * ny + 44;
  const finite = options.values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const limit = Math.max(...finite.map(Math.abs), 1e-12);
  const showText = cw >= 34 && ch >= 16;
  const cells = options.yValues.flatMap((yv, yi) =>
    options.xValues.map((xv, xi) => {
      const v = options.values[yi]?.[xi] ?? null;
      // Larger y values at the top, as on a chart.
      const cx = left + xi * cw;
      const cy = top + (ny - 1 - yi) * ch;
      const chosen = options.chosen?.x === xv && options.chosen?.y === yv;
      return html`<g><rect class="cell" x="${fixed(cx)}" y="${fixed(cy)}" width="${fixed(cw)}" height="${fixed(ch)}" fill="${v === null ? "#eeeeee" : divergingColor(v, limit)}" stroke="${chosen ? "#111111" : "#ffffff"}" stroke-width="${chosen ? 2.5 : 1}"><title>${options.xName} ${xv}, ${options.yName} ${yv}: ${v === null ? "not a valid set" : options.format(v)}</title></rect>${showText ? html`<text class="cell-text" x="${fixed(cx + cw / 2)}" y="${fixed(cy + ch / 2 + 4)}" text-anchor="middle">${v === null ? "–" : options.format(v)}</text>` : ""}</g>`;
    }),
  );
  return html`<svg id="${options.id}" class="chart heatmap" viewBox="0 0 ${fixed(width)} ${fixed(height)}" width="${fixed(Math.min(width, 820))}" role="img" aria-labelledby="${options.id}-title" xmlns="http://www.w3.org/2000/svg">
<title id="${options.id}-title">${options.title}</title>
${cells}
${options.xValues.map((xv, xi) => html`<text class="tick" x="${fixed(left + xi * cw + cw / 2)}" y="${fixed(top + ny * ch + 14)}" text-anchor="middle">${xv}</text>`)}
${options.yValues.map((yv, yi) => html`<text class="tick" x="${left - 6}" y="${fixed(top + (ny - 1 - yi) * ch + ch / 2 + 4)}" text-anchor="end">${yv}</text>`)}
<text class="axis" x="${fixed(left + (cw * nx) / 2)}" y="${fixed(top + ny * ch + 34)}" text-anchor="middle">${options.xName}</text>
<text class="axis" x="12" y="${fixed(top + (ch * ny) / 2)}" text-anchor="middle" transform="rotate(-90 12 ${fixed(top + (ch * ny) / 2)})">${options.yName}</text>
</svg>`;
}
