import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "orchestrator",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["../../packages/testing/src/redis-global-setup.ts"],
    testTimeout: 60_000,
    // The real parser (all-MiniLM-L6-v2) loads its model in beforeAll hooks.
    hookTimeout: 120_000,
  },
});
