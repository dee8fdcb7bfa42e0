#!/usr/bin/env bash
# Builds every binary of the offline kind cluster from Go modules into $KIND_BIN (versions.sh): the
# seven Kubernetes commands, etcd, CoreDNS, pause, crictl, metrics-server, and kind itself. Nothing is
# downloaded but Go modules (through the module proxy); no registry, no release archives.
#
# Cached: a bin folder whose stamp matches the recipe is left as it is (seconds). Go's own build and
# module caches stay in their default per-user places, so a rebuild after a recipe bump is quick on a
# machine that built once (cold ~20-37 min on 2 cores, warm ~35 s).
#
# Usage: scripts/kind/build-binaries.sh [--force]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.sh
source "$here/versions.sh"

log() { printf '[kind-binaries] %s\n' "$*" >&2; }
die() { printf '[kind-binaries] error: %s\n' "$*" >&2; exit 1; }

K8S_BINARIES=(kubeadm kubelet kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy)
ALL=("${K8S_BINARIES[@]}" etcd coredns pause crictl metrics-server kind)
stamp="recipe=$KIND_RECIPE k8s=$K8S_VERSION etcd=$ETCD_VERSION coredns=$COREDNS_VERSION pause=$PAUSE_VERSION crictl=$CRICTL_VERSION metrics-server=$METRICS_SERVER_VERSION kind=$KIND_VERSION"

complete() {
  [ "$(cat "$KIND_BIN/.stamp" 2>/dev/null)" = "$stamp" ] || return 1
  local b
  for b in "${ALL[@]}"; do [ -x "$KIND_BIN/$b" ] || return 1; done
}

if [ "${1:-}" != --force ] && complete; then
  log "binaries present ($KIND_BIN)"
  exit 0
fi
command -v go >/dev/null 2>&1 || die "Go is missing: install Go >= 1.24 (https://go.dev/doc/install, or Debian's golang-go from bookworm-backports) and run this again"

start=$(date +%s)
mkdir -p "$KIND_BIN"
rm -f "$KIND_BIN/.stamp"
export CGO_ENABLED=0
goflags=(-trimpath)
strip="-s -w"

# kubeadm and kubelet check their own version against the cluster's: set it as the release build
# does. A fixed build date keeps the binaries the same from one build to the next.
k8s_minor=${K8S_VERSION#v1.}; k8s_minor=${k8s_minor%%.*}
version_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  version_flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

log "Kubernetes $K8S_VERSION: ${K8S_BINARIES[*]}"
(cd "$here/modules/kubernetes" && go build "${goflags[@]}" -ldflags "$strip$version_flags" -o "$KIND_BIN/" \
  $(printf 'k8s.io/kubernetes/cmd/%s ' "${K8S_BINARIES[@]}"))
log "etcd $ETCD_VERSION"
(cd "$here/modules/etcd" && go build "${goflags[@]}" -ldflags "$strip" -o "$KIND_BIN/etcd" .)
log "CoreDNS $COREDNS_VERSION"
(cd "$here/modules/coredns" && go build "${goflags[@]}" -ldflags "$strip" -o "$KIND_BIN/coredns" .)
log "pause $PAUSE_VERSION"
(cd "$here/modules/pause" && go build "${goflags[@]}" -ldflags "$strip" -o "$KIND_BIN/pause" .)
# Tools that build as they are: `go install` of the pinned module version (each its own module).
for tool in "sigs.k8s.io/cri-tools/cmd/crictl@$CRICTL_VERSION" \
            "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION" \
            "sigs.k8s.io/kind@$KIND_VERSION"; do
  log "$tool"
  GOBIN=$KIND_BIN go install "${goflags[@]}" -ldflags "$strip" "$tool"
done

"$KIND_BIN/kubelet" --version | grep -qx "Kubernetes $K8S_VERSION" \
  || die "kubelet reports $("$KIND_BIN/kubelet" --version), not $K8S_VERSION"
printf '%s\n' "$stamp" > "$KIND_BIN/.stamp"
log "done in $(( $(date +%s) - start )) s ($KIND_BIN)"
