#!/bin/sh
# Builds the Go command-line tools the deploy checks (tests/deploy) use, from the Go module proxy, once:
# cached under $QP_TOOLS_CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/qstash-pipeline/tools), outside the
# repository, so a second run costs nothing. Nothing is committed.
#   sh infra/tools/ensure-go-tools.sh [compose] [actionlint]   (default: both)
# compose is skipped when a compose v2 CLI is already installed (GitHub's runners have one).
set -eu
COMPOSE_VERSION=v2.40.3
ACTIONLINT_VERSION=v1.7.12
cache="${QP_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qstash-pipeline/tools}"

if ! command -v go >/dev/null 2>&1; then
  echo "ensure-go-tools: go is not installed; the compose and actionlint checks will be skipped" >&2
  exit 0
fi
mkdir -p "$cache"
[ "$#" -gt 0 ] || set -- compose actionlint

for tool in "$@"; do
  case "$tool" in
  compose)
    out="$cache/docker-compose-$COMPOSE_VERSION"
    if [ -x "$out" ] || docker compose version >/dev/null 2>&1 || docker-compose version >/dev/null 2>&1; then
      continue
    fi
    echo "ensure-go-tools: building docker compose $COMPOSE_VERSION (once; a few minutes)" >&2
    # `go install …/cmd@version` refuses compose's go.mod (it has exclude directives): build in the module.
    dir="$(go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    (cd "$dir" && GOFLAGS="-buildvcs=false -mod=mod" go build -trimpath \
      -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" -o "$out.tmp" ./cmd)
    mv "$out.tmp" "$out"
    ;;
  actionlint)
    out="$cache/actionlint-$ACTIONLINT_VERSION/actionlint"
    [ -x "$out" ] && continue
    echo "ensure-go-tools: building actionlint $ACTIONLINT_VERSION (once)" >&2
    GOBIN="$cache/actionlint-$ACTIONLINT_VERSION" GOFLAGS=-buildvcs=false \
      go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
    ;;
  *)
    echo "ensure-go-tools: unknown tool $tool (compose, actionlint)" >&2
    exit 2
    ;;
  esac
done
