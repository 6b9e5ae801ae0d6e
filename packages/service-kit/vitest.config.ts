import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "service-kit",
    include: ["src/**/*.test.ts"],
    globalSetup: ["../testing/src/redis-global-setup.ts"],
  },
});
