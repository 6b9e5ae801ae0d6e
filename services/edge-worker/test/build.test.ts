import { describe, expect, inject, it } from "vitest";

// globalSetup (Node) ran `wrangler deploy --dry-run --outdir <tmp>` offline; workerd has no file system, so
// the outcome is handed over with provide/inject and asserted here.
describe("wrangler deploy --dry-run", () => {
  it("bundles the Worker", () => {
    const bundle = inject("bundle");
    if (!bundle.ok) console.error(bundle.output);
    expect(bundle.ok).toBe(true);
    expect(bundle.files).toContain("index.js");
    expect(bundle.bytes).toBeGreaterThan(10_000);
    expect(bundle.hasHandler).toBe(true);
  });
});
