#!/usr/bin/env bash
# Runs a command with Node >= 22 first on PATH (the machine's, or the Node 24 that setup-node.sh
# installs), so `npm test` and `npm run bench` work even when npm itself was started by an old Node.
set -euo pipefail
nodebin=$(bash "$(dirname "$0")/setup-node.sh")
export PATH="$nodebin:$PATH"
exec "$@"
