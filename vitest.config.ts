import { defineConfig } from "vitest/config";

// One test run for the whole workspace. Every package and service with a `vitest.config.ts` is a project;
// the edge worker's config runs its tests inside workerd.
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "services/*/vitest.config.ts",
      "tests/vitest.config.ts",
      "tests/deploy/vitest.config.ts",
    ],
    reporters: ["default", "./packages/testing/src/summary-reporter.ts"],
  },
});
