import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineProject } from "vitest/config";

// Tests run INSIDE workerd. The Node-side globalSetup starts qstash-local, the fake providers and the
// orchestrator sink, builds the Worker with `wrangler deploy --dry-run`, and hands URLs over as bindings.
export default defineProject({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: "./src/index.ts",
      miniflare: {
        compatibilityDate: "2026-04-01",
        bindings: {
          ORCHESTRATOR_URL: `${inject("fakeUrl")}/sink`,
          QSTASH_URL: inject("qstashUrl") || "http://127.0.0.1:9",
          QSTASH_TOKEN: inject("qstashToken") || "unset",
          PROVIDERS: "arxiv,wikipedia,tavily",
          WIKIPEDIA_API_URL: `${inject("fakeUrl")}/wikipedia/w/api.php`,
          ARXIV_API_URL: `${inject("fakeUrl")}/arxiv/api/query`,
          TAVILY_API_URL: `${inject("fakeUrl")}/tavily/search`,
          TAVILY_API_KEY: "tvly-test-0123456789",
          EDGE_API_KEY: "edge-test-key",
          PROVIDER_TIMEOUT_MS: "1500",
          RATE_LIMIT_PERIOD_S: "60",
          LOG_LEVEL: "warn",
        },
        ratelimits: { RATE_LIMITER: { simple: { limit: 5, period: 60 } } },
      },
    })),
  ],
  test: {
    name: "edge-worker",
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
  },
});
