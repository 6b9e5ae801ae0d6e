import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cross-service",
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "deploy/**"],
    globalSetup: ["../packages/testing/src/redis-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
