import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cross-service",
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", "deploy/**"],
    // Redis for every suite; the real embedding model on disk for the suites that run the parser.
    globalSetup: [
      "../packages/testing/src/redis-global-setup.ts",
      "../services/parser/test/model-global-setup.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
