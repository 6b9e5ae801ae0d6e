import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "fixture-web", include: ["src/**/*.test.ts"] } });
