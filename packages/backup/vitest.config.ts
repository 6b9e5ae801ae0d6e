import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "backup", include: ["src/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 300_000 },
});
