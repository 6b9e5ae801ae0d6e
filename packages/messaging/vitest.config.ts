import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "messaging",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["../testing/src/redis-global-setup.ts"],
    testTimeout: 30_000,
  },
});
