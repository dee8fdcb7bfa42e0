# The pinned versions of the offline kind cluster, sourced by the scripts in this folder. kubeadm
# v1.34.4 expects exactly these component images (`kubeadm config images list`); kubelet 1.35+ refuses
# cgroup v1, which these machines have.
K8S_VERSION=v1.34.4
K8S_STAGING_VERSION=v0.34.4
KIND_VERSION=v0.33.0
ETCD_VERSION=3.6.5
ETCD_IMAGE_TAG=3.6.5-0
COREDNS_VERSION=v1.12.1
PAUSE_VERSION=3.10.1
CRICTL_VERSION=v1.34.0
METRICS_SERVER_VERSION=v0.8.0
# The registry prefix kubeadm and kind expect the images under; nothing is ever pulled from it.
K8S_REGISTRY=registry.k8s.io
# Bump when anything in this folder changes what gets built: cached binaries and images of an older
# recipe are rebuilt.
KIND_RECIPE=1
# Per-user cache, outside any checkout, so a fresh clone on the same machine reuses it (like Go's).
KIND_CACHE=${MLOPS_LAB_KIND_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mlops-lab/kind/$K8S_VERSION}
KIND_BIN=$KIND_CACHE/bin
