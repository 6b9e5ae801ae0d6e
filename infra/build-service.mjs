#!/usr/bin/env node
// Bundle one Node service for production: run from the service's folder (`pnpm --filter @qp/NAME build`).
// Workspace packages (@qp/*) are source-only TypeScript, so they are compiled INTO dist/main.js; third-party
// packages stay external (native addons such as better-sqlite3, onnxruntime and LanceDB cannot be bundled)
// and come from `pnpm deploy --prod` in the image.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "info",
  plugins: [
    {
      name: "externalise-third-party",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@qp/") ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  banner: { js: `// ${pkg.name} — bundled by infra/build-service.mjs` },
});
