#!/usr/bin/env bash
# Everything the cluster labs need before a cluster can start: kind and the cluster's binaries (Go
# builds, cached per user) and the node image (cached in Docker). Idempotent: seconds when both are
# current. The cluster itself is created on first need, or by `mlops-lab cluster up`.
#
# Where a registry answers, the node image could be kindest/node; this project builds its own either
# way, because the node's egress guard (no packet leaves the machine) is part of the image.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/build-binaries.sh"
bash "$here/build-node-image.sh" >/dev/null
