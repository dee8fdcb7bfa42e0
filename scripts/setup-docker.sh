#!/usr/bin/env bash
# Installs and starts a Docker Engine with Compose v2 and buildx on Debian when none answers.
# Idempotent: skips the install when dockerd and `docker compose` exist, the start when `docker info` answers.
set -euo pipefail

log() { printf '[setup-docker] %s\n' "$*"; }

if ! command -v dockerd >/dev/null 2>&1 || ! docker compose version >/dev/null 2>&1 || ! docker buildx version >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "No Docker engine and no apt-get: install Docker Engine with Compose v2 (https://docs.docker.com/engine/install/)." >&2
    exit 1
  fi
  [ "$(id -u)" = 0 ] || { echo "Installing Docker needs root: run 'sudo $0'." >&2; exit 1; }
  # Reuse the mirror this machine's apt already uses.
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  log "installing docker.io, docker-compose (v2), docker-buildx from Debian trixie ($mirror)"
  cat > /etc/apt/sources.list.d/trixie.sources <<SRC
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie
  apt-get update -qq
  # Name trixie per package, never `-t trixie`: that makes trixie the target release of every
  # dependency and upgrades libc6, systemd, apt, perl and python3 (a half-done distribution upgrade).
  # Per package it takes six packages from trixie and leaves the rest of the host at bookworm.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io/trixie docker-compose/trixie docker-buildx/trixie >/dev/null
fi

if ! command -v debootstrap >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  log "installing debootstrap (for stand-in base images)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null 2>&1 || { echo "dockerd not found after install" >&2; exit 1; }
  log "starting dockerd (log: /var/log/dockerd.log)"
  (setsid dockerd >/var/log/dockerd.log 2>&1 &)
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
fi
docker info >/dev/null 2>&1 || { echo "Docker engine did not start; see /var/log/dockerd.log" >&2; exit 1; }
log "engine $(docker version --format '{{.Server.Version}}'), $(docker compose version --short 2>/dev/null | sed 's/^/compose /'), buildx $(docker buildx version | awk '{print $2}')"
