import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "orchestrator",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["../../packages/testing/src/redis-global-setup.ts"],
    testTimeout: 30_000,
  },
});
