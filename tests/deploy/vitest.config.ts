import { defineProject } from "vitest/config";

// Deployment checks that need no Docker engine: compose config, env coverage, Dockerfiles, and the images'
// build steps run outside Docker. Needs no network beyond loopback (the parser model is the tests' copy).
export default defineProject({
  test: {
    name: "deploy",
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    globalSetup: ["../../packages/testing/src/redis-global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
