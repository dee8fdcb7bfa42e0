#!/usr/bin/env bash
# Builds actionlint (the workflow linter the `actionlintClean` check runs) from its Go module, at a
# pinned version, into the per-user cache beside the kind cluster's binaries, and prints its path.
# Nothing is downloaded but Go modules (through the module proxy). Keep the version equal to
# ACTIONLINT_VERSION in grader/primitives/workflow/actionlintBinary.ts, which looks here first.
#
# Cached: a bin folder whose stamp matches the version is left as it is (instant). Without it the
# check is skipped, never failed.
#
# Usage: scripts/setup-actionlint.sh [--force]
set -euo pipefail

ACTIONLINT_VERSION=v1.7.12
# Same root as scripts/kind/versions.sh's KIND_CACHE: per user, outside any checkout.
cache=${MLOPS_LAB_ACTIONLINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mlops-lab/actionlint/$ACTIONLINT_VERSION}
bin=$cache/bin
stamp="actionlint=$ACTIONLINT_VERSION"

log() { printf '[actionlint] %s\n' "$*" >&2; }
die() { printf '[actionlint] error: %s\n' "$*" >&2; exit 1; }

if [ "${1:-}" != --force ] && [ -x "$bin/actionlint" ] && [ "$(cat "$bin/.stamp" 2>/dev/null)" = "$stamp" ]; then
  log "present ($bin/actionlint)"
  echo "$bin/actionlint"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "Go is missing: install Go >= 1.24 (https://go.dev/doc/install, or Debian's golang-go from bookworm-backports) and run this again; until then the actionlint check is skipped"

start=$(date +%s)
mkdir -p "$bin"
rm -f "$bin/.stamp"
log "go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
CGO_ENABLED=0 GOBIN=$bin go install -trimpath -ldflags "-s -w" "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
built=$("$bin/actionlint" -version | head -n 1)
[ "$built" = "$ACTIONLINT_VERSION" ] || die "$bin/actionlint reports version $built, not $ACTIONLINT_VERSION"
printf '%s\n' "$stamp" > "$bin/.stamp"
log "done in $(( $(date +%s) - start )) s"
echo "$bin/actionlint"
