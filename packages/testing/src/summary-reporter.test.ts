import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("counts a file whose beforeAll throws as a failure, beside the failed test", () => {
  // vitest's CLI entry sits beside its package.json (not an exported subpath).
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  const run = spawnSync(process.execPath, [vitest, "run"], {
    cwd: fileURLToPath(new URL("./fixtures/reporter-run/", import.meta.url)),
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  });
  expect(run.status).toBe(1);
  // counts.sample.ts: 1 passed, 1 failed, 1 skipped; hook.sample.ts: its test skipped, the file failed.
  expect(run.stdout).toContain("tests: 1 passed, 2 failed, 2 skipped");
});
