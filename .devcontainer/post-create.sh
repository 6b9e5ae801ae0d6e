#!/usr/bin/env bash
# Dev container set-up, run once on create: the workspace, the parser's model (sha256-pinned, into
# .cache/models, as the tests use it) and the Go tools of the deploy checks. Everything stays in the repository
# folder or the container's own caches.
set -euo pipefail
cd "$(dirname "$0")/.."
# The node_modules volume is created by root: hand it to the container user.
sudo chown -R "$(id -u):$(id -g)" node_modules "$HOME/.local/share/pnpm" 2>/dev/null || true
pnpm install --frozen-lockfile
node --import tsx services/parser/scripts/fetch-model.ts
sh infra/tools/ensure-go-tools.sh actionlint || true
