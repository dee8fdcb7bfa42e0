#!/usr/bin/env bash
# One command for a fresh Debian machine: Docker engine (+ Compose v2, buildx), Node >= 22, the
# project's npm dependencies and its build (dist/), stand-in base images where the real ones cannot
# be pulled, the lab cluster (kind, built offline), and the `mlops-lab` command on PATH. Idempotent;
# safe to run again.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/setup-docker.sh
# Workspaces are git repositories (`mlops-lab start`): git is the one other tool the grader runs.
if ! command -v git >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "[setup] installing git"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git >/dev/null
  else
    echo "[setup] git is missing: install it (Debian: sudo apt-get install git)" >&2; exit 1
  fi
fi
nodebin=$(bash scripts/setup-node.sh)
export PATH="$nodebin:$PATH"
echo "[setup] node $(node --version) ($nodebin)"

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The command runs the compiled CLI in dist/: build it (a no-op when current). An installed package
# comes built, without the build script.
if [ -f scripts/build.mjs ]; then node scripts/build.mjs; fi

bash scripts/standins.sh
bash scripts/setup-actionlint.sh >/dev/null # the workflow lab's linter, built from Go modules (cached per user)

# The cluster labs: kind and Kubernetes built from Go modules (cached per user: seconds when built
# before, ~20-37 min the first time on 2 cores), the offline node image, and the lab cluster itself.
bash scripts/kind/setup-kind.sh
node cli/bin.mjs cluster up

# A small launcher that pins this checkout's Node, so `mlops-lab` works from any folder. CI sets
# MLOPS_LAB_NO_LAUNCHER=1: a CI run in a throwaway clone must not repoint the developer's command.
if [ "${MLOPS_LAB_NO_LAUNCHER:-}" = 1 ]; then
  echo "[setup] MLOPS_LAB_NO_LAUNCHER=1: leaving the mlops-lab command as it is"
  exit 0
fi
if [ "$(id -u)" = 0 ]; then bindir=/usr/local/bin; else bindir="$HOME/.local/bin"; fi
mkdir -p "$bindir"
cat > "$bindir/mlops-lab" <<SH
#!/bin/sh
exec "$nodebin/node" "$root/cli/bin.mjs" "\$@"
SH
chmod +x "$bindir/mlops-lab"
echo "[setup] mlops-lab -> $bindir/mlops-lab"
case ":$PATH:" in *":$bindir:"*) ;; *) echo "[setup] add $bindir to PATH" ;; esac
