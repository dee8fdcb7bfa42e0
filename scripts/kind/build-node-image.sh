#!/usr/bin/env bash
# Builds the kind node image where nothing can be pulled: Debian's systemd, containerd, runc and CNI
# plugins on the bookworm stand-in base, the Kubernetes binaries of build-binaries.sh, and every
# image the cluster runs (control plane, etcd, CoreDNS, pause, kube-proxy, metrics-server) built from
# those binaries and preloaded into the node's containerd. Follows ../shared/KIND-OFFLINE.md.
#
# Everything built here is labelled a stand-in (mlops-lab.stand-in=true, .for=<the upstream image>),
# like the base images. Cached: a node image of the current recipe is kept (seconds).
#
# Usage: scripts/kind/build-node-image.sh [--force]     prints the node image's name on stdout
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.sh
source "$here/versions.sh"

NODE_IMAGE=mlops-lab/kind-node:$K8S_VERSION
STAGE_IMAGE=mlops-lab-kind/node-stage:$K8S_VERSION
PROXY_BASE=mlops-lab-kind/kube-proxy-base:$KIND_RECIPE
RECIPE_LABEL=kind-$KIND_RECIPE

log() { printf '[kind-node] %s\n' "$*" >&2; }
die() { printf '[kind-node] error: %s\n' "$*" >&2; exit 1; }
label() { docker image inspect --format "{{with .Config.Labels}}{{index . \"$2\"}}{{end}}" "$1" 2>/dev/null || true; }

if [ "${1:-}" != --force ] && [ "$(label "$NODE_IMAGE" mlops-lab.stand-in.recipe)" = "$RECIPE_LABEL" ]; then
  log "present: $NODE_IMAGE"
  printf '%s\n' "$NODE_IMAGE"
  exit 0
fi
docker info >/dev/null 2>&1 || die "no Docker engine answers (run scripts/setup-docker.sh first)"

start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/tmp}/mlops-lab-kind.XXXXXX")
preload=""
cleanup() {
  [ -z "$preload" ] || docker rm -f "$preload" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bash "$here/build-binaries.sh"
base=$(bash "$here/../standins.sh" --base)

build() { # build <tag> <log name> [docker build args...]; Dockerfile on stdin unless -f is given
  local tag=$1 name=$2; shift 2
  if ! docker build --progress=plain -t "$tag" \
      --label mlops-lab.stand-in=true --label "mlops-lab.stand-in.for=$tag" \
      --label "mlops-lab.stand-in.recipe=$RECIPE_LABEL" \
      --label "org.opencontainers.image.description=mlops-labs stand-in for $tag, built from Go modules and Debian packages: NOT the official image; built because no container registry was reachable" \
      "$@" >"$work/$name.log" 2>&1; then
    tail -n 40 "$work/$name.log" >&2
    die "building $tag failed (log above)"
  fi
}

# --- component images ------------------------------------------------------------------------------
# The few files Go programs look for on an otherwise empty filesystem.
skel=$work/skel
mkdir -p "$skel/etc/ssl/certs" "$skel/tmp" "$work/empty"
chmod 1777 "$skel/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$skel/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$skel/etc/group"
printf 'hosts: files dns\n' > "$skel/etc/nsswitch.conf"
cp /etc/ssl/certs/ca-certificates.crt "$skel/etc/ssl/certs/ca-certificates.crt"

component() { # component <image> <binary> <dir> [FROM image] [extra Dockerfile lines]
  local image=$1 binary=$2 dir=$3 from=${4:-scratch} extra=${5:-}
  log "$image"
  build "$image" "component-$binary" --build-context "bin=$KIND_BIN" --build-context "skel=$skel" -f - "$work/empty" <<DOCKERFILE
FROM $from
COPY --from=skel / /
COPY --from=bin $binary $dir/$binary
ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin
$extra
DOCKERFILE
}

log "$PROXY_BASE (iptables, conntrack, ipset)"
build "$PROXY_BASE" kube-proxy-base --build-arg "BASE=$base" -f "$here/components/kube-proxy-base.Dockerfile" "$here/components"

components=()
for c in kube-apiserver kube-controller-manager kube-scheduler; do
  component "$K8S_REGISTRY/$c:$K8S_VERSION" "$c" /usr/local/bin
  components+=("$K8S_REGISTRY/$c:$K8S_VERSION")
done
component "$K8S_REGISTRY/kube-proxy:$K8S_VERSION" kube-proxy /usr/local/bin "$PROXY_BASE"
component "$K8S_REGISTRY/etcd:$ETCD_IMAGE_TAG" etcd /usr/local/bin
component "$K8S_REGISTRY/coredns/coredns:$COREDNS_VERSION" coredns / scratch 'ENTRYPOINT ["/coredns"]'
component "$K8S_REGISTRY/pause:$PAUSE_VERSION" pause / scratch 'ENTRYPOINT ["/pause"]'
component "$K8S_REGISTRY/metrics-server/metrics-server:$METRICS_SERVER_VERSION" metrics-server / scratch $'USER 65534:65534\nENTRYPOINT ["/metrics-server"]'
components+=("$K8S_REGISTRY/kube-proxy:$K8S_VERSION" "$K8S_REGISTRY/etcd:$ETCD_IMAGE_TAG"
  "$K8S_REGISTRY/coredns/coredns:$COREDNS_VERSION" "$K8S_REGISTRY/pause:$PAUSE_VERSION"
  "$K8S_REGISTRY/metrics-server/metrics-server:$METRICS_SERVER_VERSION")

# --- the node ----------------------------------------------------------------------------------------
# Files that name a version are written here, from versions.sh.
gen=$work/gen
mkdir -p "$gen/etc/containerd" "$gen/kind"
printf '%s\n' "$K8S_VERSION" > "$gen/kind/version"
cat > "$gen/etc/containerd/config.toml" <<TOML
# containerd of the offline kind node (config version 2, containerd 1.7).
version = 2

[plugins."io.containerd.grpc.v1.cri"]
  # Preloaded with the node image; never pulled.
  sandbox_image = "$K8S_REGISTRY/pause:$PAUSE_VERSION"
  # Root here may lack CAP_SYS_RESOURCE even in a privileged container: without this, the kubelet's
  # negative oom_score_adj for system pods is refused and runc starts no pod at all.
  restrict_oom_score_adj = true
  tolerate_missing_hugepages_controller = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/opt/cni/bin"
    conf_dir = "/etc/cni/net.d"
TOML

log "$STAGE_IMAGE (systemd, containerd, kubelet; apt from the Debian mirror)"
build "$STAGE_IMAGE" node-stage --build-arg "BASE=$base" --build-context "bin=$KIND_BIN" --build-context "gen=$gen" \
  -f "$here/node/Dockerfile" "$here/node"

# --- preload -----------------------------------------------------------------------------------------
# containerd must run to import images, so this happens in a container, not in the build; the images
# are imported without unpacking (kind mounts /var as a fresh volume, the CRI unpacks on first use).
log "preloading ${#components[@]} images into the node's containerd"
preload=mlops-lab-kind-preload-$$
docker run -d --name "$preload" --privileged --label mlops-lab.setup=kind-node --entrypoint sleep "$STAGE_IMAGE" infinity >/dev/null
docker exec -d "$preload" sh -c 'containerd >/var/log/containerd-preload.log 2>&1'
for _ in $(seq 1 60); do
  docker exec "$preload" ctr version >/dev/null 2>&1 && break
  sleep 0.5
done
docker exec "$preload" ctr version >/dev/null 2>&1 || { docker exec "$preload" cat /var/log/containerd-preload.log >&2 || true; die "containerd did not start in the node"; }
docker save "${components[@]}" \
  | docker exec -i "$preload" ctr -n k8s.io images import --label=io.cri-containerd.pinned=pinned \
      --all-platforms --no-unpack --digests - >"$work/import.log" 2>&1 \
  || { tail -n 20 "$work/import.log" >&2; die "importing the component images failed"; }
have=$(docker exec "$preload" ctr -n k8s.io images ls -q)
for image in "${components[@]}"; do
  grep -qxF "$image" <<<"$have" || die "$image is not in the node's containerd after the import (have: $(tr '\n' ' ' <<<"$have"))"
done
docker exec "$preload" sh -c 'pkill containerd; for i in $(seq 1 40); do pgrep -x containerd >/dev/null || exit 0; sleep 0.25; done; exit 1' \
  || die "containerd did not stop in the node"
docker exec "$preload" sh -c 'rm -rf /run/containerd /var/log/containerd-preload.log /tmp/*'
docker commit \
  --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' --change 'CMD []' \
  --change "LABEL mlops-lab.stand-in=true mlops-lab.stand-in.for=kindest/node:$K8S_VERSION mlops-lab.stand-in.recipe=$RECIPE_LABEL" \
  --change "LABEL org.opencontainers.image.description=\"mlops-labs stand-in for kindest/node:$K8S_VERSION, assembled offline from Debian packages and Go modules: NOT the official image\"" \
  "$preload" "$NODE_IMAGE" >/dev/null
docker rm -f "$preload" >/dev/null; preload=""
docker rmi "$STAGE_IMAGE" >/dev/null 2>&1 || true

size=$(docker image inspect --format '{{.Size}}' "$NODE_IMAGE" | awk '{printf "%.2f GB", $1 / 1e9}')
log "built $NODE_IMAGE ($size) in $(( $(date +%s) - start )) s"
printf '%s\n' "$NODE_IMAGE"
