#!/usr/bin/env bash
# Dev container set-up: the same prerequisites .ci/run installs, then the workspace.
set -euo pipefail
sudo apt-get update -qq
sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server build-essential >/dev/null
npm install -g pnpm@12.4.2
npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")" pnpm install --frozen-lockfile
