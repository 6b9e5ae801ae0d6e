import { describe, expect, it } from "vitest";
import { gridSetCount, gridSizeProblem, MAX_GRID_SETS } from "./grid.ts";

/** An axis that records whether any element was read: counting must look at `length` only. */
function watchedAxis(length: number) {
  const reads = { elements: 0 };
  const axis = new Proxy([] as number[], {
    get(target, key) {
      if (key === "length") return length;
      reads.elements++;
      return Reflect.get(target, key);
    },
  });
  return { axis, reads };
}

describe("grid size", () => {
  it("counts the product of the axis lengths; no grid is one set", () => {
    expect(gridSetCount(undefined)).toBe(1);
    expect(gridSetCount({})).toBe(1);
    expect(gridSetCount({ fast: [5, 10], slow: [20, 50, 100] })).toBe(6);
  });

  it("refuses a 1000×1000×1000 grid naming the count and the limit, without reading one value", () => {
    const axes = [watchedAxis(1000), watchedAxis(1000), watchedAxis(1000)];
    const problem = gridSizeProblem({
      grid: { fast: axes[0]!.axis, slow: axes[1]!.axis, signal: axes[2]!.axis },
    });
    expect(problem).toMatchObject({ code: "grid_too_large", count: 1e9, limit: MAX_GRID_SETS });
    expect(problem?.message).toContain("1,000,000,000");
    expect(problem?.message).toContain(MAX_GRID_SETS.toLocaleString("en"));
    expect(axes.map((a) => a.reads.elements)).toEqual([0, 0, 0]);
  });

  it("accepts a grid at the limit and refuses one set over it", () => {
    expect(gridSizeProblem({ grid: { fast: { length: MAX_GRID_SETS } } })).toBeNull();
    expect(gridSizeProblem({ grid: { fast: { length: MAX_GRID_SETS + 1 } } })?.count).toBe(MAX_GRID_SETS + 1);
    expect(gridSizeProblem(undefined)).toBeNull();
  });
});
