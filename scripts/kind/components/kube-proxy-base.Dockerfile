# kube-proxy's base: it programs Services with iptables (and conntrack, ipset), through a wrapper
# that picks the backend the node already uses before the first call.
ARG BASE
FROM ${BASE}
RUN --mount=type=cache,id=mlops-lab-kind-apt-lists,target=/var/lib/apt/lists,sharing=locked \
    set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends iptables conntrack ipset kmod; \
    apt-get clean; \
    rm -rf /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log /tmp/*
COPY --chmod=755 iptables-wrapper /usr/sbin/iptables-wrapper
RUN set -eux; \
    for cmd in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do \
      ln -sf iptables-wrapper "/usr/sbin/$cmd"; \
    done
