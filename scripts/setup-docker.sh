#!/usr/bin/env bash
# Makes sure a Docker Engine with Compose v2 and buildx answers. Idempotent; safe to run again.
#
# A machine that already has Docker is left alone: any distribution of it (Debian's docker.io,
# docker-ce from Docker's repository, a snap, Docker Desktop) or an engine that already answers
# (a running daemon, DOCKER_HOST, a docker context). No apt-get runs and no file is written there;
# an installed engine that is stopped is started, and when Compose v2 or buildx is missing the script
# prints what is missing and how to add it, then exits 1.
#
# Only on Debian with no Docker at all (a bare `docker` client does not count) it installs, as root:
#   Debian 12: docker.io, docker-cli, docker-compose, docker-buildx and containerd from trixie
#     (bookworm has neither Compose v2 nor buildx), named per package so every other package stays
#     at bookworm. This writes two files:
#       /etc/apt/sources.list.d/trixie.sources  trixie on the mirror apt already uses
#       /etc/apt/preferences.d/trixie           Pin-Priority 100 for trixie
#   Debian 13 and later: the same packages from the machine's own sources, no extra file.
#   Both: with --no-install-recommends (docker.io recommends needrestart, git, dbus-user-session),
#   plus, when absent, ca-certificates (TLS to registries) and, when the kernel enforces AppArmor,
#   apparmor (the engine cannot load its container profile without it); bookworm versions of both.
# Then it starts dockerd (log: /var/log/dockerd.log) unless the packages' service already did.
#
# Environment:
#   MLOPS_LAB_DOCKERD_ARGS  extra dockerd flags when this script starts dockerd itself (not through
#                           systemd), e.g. "--storage-driver=vfs" for an engine inside a container.
set -euo pipefail

log() { printf '[setup-docker] %s\n' "$*"; }
die() { printf '[setup-docker] error: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

engine_answers() { have docker && docker info >/dev/null 2>&1; }
engine_version() { docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown; }

# Installed Docker packages, Debian's or others' ("<package> <version>" per line).
docker_packages() {
  have dpkg-query || return 0
  dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' \
      docker.io docker-ce docker-ce-cli docker-ee moby-engine moby-cli containerd.io podman-docker docker-desktop 2>/dev/null \
    | awk '$1 ~ /^.i/ {print $2, $3}' || true
}
installed() { dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^ii'; }
engine_package() { docker_packages | awk '$1 ~ /^(docker\.io|docker-ce|docker-ee|moby-engine|docker-desktop)$/ {print $1; exit}'; }

os_field() { sed -n "s/^$1=//p" /etc/os-release 2>/dev/null | tr -d '"'; }
# dockerd lives in sbin, which a normal user's PATH may lack.
dockerd_path() {
  local p
  for p in "$(command -v dockerd 2>/dev/null)" /usr/sbin/dockerd /usr/bin/dockerd /usr/local/sbin/dockerd /usr/local/bin/dockerd; do
    [ -n "$p" ] && [ -x "$p" ] && { echo "$p"; return 0; }
  done
  return 1
}

# How to add a missing plugin to the Docker this machine has (its own packages, never Debian's over it).
plugin_fix() { # plugin_fix compose|buildx
  local plugin=$1 pkg
  pkg=$(engine_package)
  case "$pkg:$plugin" in
    docker-ce:*|docker-ee:*) echo "apt-get install docker-$plugin-plugin (Docker's repository, like $pkg)" ;;
    moby-engine:*) echo "apt-get install moby-$plugin (Microsoft's repository, like moby-engine)" ;;
    docker.io:compose|docker.io:buildx)
      local deb=docker-$plugin
      if [ "$(os_field VERSION_CODENAME)" = bookworm ]; then
        echo "Debian 12 has no $deb for Docker: apt-get remove docker.io, then run this script again (it installs Docker with Compose v2 and buildx from trixie)"
      else
        echo "apt-get install $deb"
      fi ;;
    *:compose) echo "install the Compose v2 plugin as ~/.docker/cli-plugins/docker-compose (https://docs.docker.com/compose/install/linux/)" ;;
    *:buildx) echo "install the buildx plugin as ~/.docker/cli-plugins/docker-buildx (https://github.com/docker/buildx#installing)" ;;
  esac
}

# Exits 1 naming each missing plugin and its fix; a Docker that someone else installed is not touched.
require_plugins() {
  local missing=0
  if ! docker compose version --short 2>/dev/null | grep -Eq '^v?([2-9]|[1-9][0-9])\.'; then
    printf '[setup-docker] missing: Compose v2 (`docker compose`): %s\n' "$(plugin_fix compose)" >&2; missing=1
  fi
  if ! docker buildx version >/dev/null 2>&1; then
    printf '[setup-docker] missing: buildx (`docker buildx`): %s\n' "$(plugin_fix buildx)" >&2; missing=1
  fi
  [ "$missing" = 0 ] || die "Docker is installed, so this script leaves it alone: add the plugins above, then run it again"
}

report() {
  log "engine $(engine_version), compose $(docker compose version --short 2>/dev/null), buildx $(docker buildx version | awk '{print $2}')"
}

start_engine() {
  if [ -d /run/systemd/system ] && systemctl cat docker.service >/dev/null 2>&1; then
    [ -z "${MLOPS_LAB_DOCKERD_ARGS:-}" ] || log "systemd runs dockerd: MLOPS_LAB_DOCKERD_ARGS is ignored (set flags in /etc/docker/daemon.json)"
    log "starting docker.service"
    systemctl start docker.service || die "systemctl start docker failed: see 'journalctl -u docker'"
  else
    [ "$(id -u)" = 0 ] || die "dockerd is installed but not running, and starting it needs root: run 'sudo $0'"
    local args=()
    read -r -a args <<<"${MLOPS_LAB_DOCKERD_ARGS:-}"
    log "starting dockerd ${args[*]} (log: /var/log/dockerd.log)"
    (setsid "$(dockerd_path)" "${args[@]}" >/var/log/dockerd.log 2>&1 &)
  fi
  for _ in $(seq 1 120); do engine_answers && return 0; sleep 0.5; done
  die "the Docker engine did not start: see /var/log/dockerd.log"
}

# Debian's Docker: from trixie on Debian 12, from the machine's own sources on Debian 13 and later.
install_debian_docker() {
  local id codename suffix=""
  id=$(os_field ID); codename=$(os_field VERSION_CODENAME)
  [ "$id" = debian ] && have apt-get \
    || die "no Docker on this machine and it is not Debian: install Docker Engine with Compose v2 and buildx (https://docs.docker.com/engine/install/), then run this script again"
  case "$codename" in
    bookworm) suffix=/trixie ;;
    trixie|forky|duke) ;;
    *) die "no Docker on this Debian ($codename): install Docker Engine with Compose v2 and buildx (https://docs.docker.com/engine/install/debian/), then run this script again" ;;
  esac
  [ "$(id -u)" = 0 ] || die "installing Docker needs root: run 'sudo $0'"
  if [ -n "$suffix" ]; then add_trixie_source; fi
  local pkgs=("docker.io$suffix" "docker-cli$suffix" "docker-compose$suffix" "docker-buildx$suffix")
  # Named only when absent: naming an installed package would mark it as manually installed.
  installed ca-certificates || pkgs+=(ca-certificates)
  # AppArmor enforced without apparmor_parser: dockerd cannot load docker-default and no container starts.
  if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] && ! installed apparmor; then pkgs+=(apparmor); fi
  log "installing ${pkgs[*]}"
  apt-get update -qq
  # Per package (docker.io/trixie), never `-t trixie`: that makes trixie the target release of every
  # dependency and upgrades libc6, systemd, apt, perl and python3 (a half-done distribution upgrade).
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
}

# Debian 12 packages neither Compose v2 nor buildx; trixie does. The source lets those packages get
# trixie's security updates; the pin (100, below bookworm's 500) keeps everything else on bookworm:
# `apt upgrade` and other installs never move a package to trixie unless it already came from there.
# Files already present (e.g. the admin's own) are kept as they are.
add_trixie_source() {
  local mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  if [ ! -e /etc/apt/sources.list.d/trixie.sources ]; then
    log "adding trixie ($mirror) as /etc/apt/sources.list.d/trixie.sources"
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" > /etc/apt/sources.list.d/trixie.sources
  fi
  if [ ! -e /etc/apt/preferences.d/trixie ]; then
    log "pinning trixie to priority 100 in /etc/apt/preferences.d/trixie"
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie
  fi
}

# 1. An engine answers (local, DOCKER_HOST or a docker context): nothing to install or start.
if engine_answers; then
  require_plugins
  log "Docker engine $(engine_version) answers: leaving Docker alone, nothing to do"
  report
  exit 0
fi
if have docker; then
  err=$(docker info 2>&1 >/dev/null | head -n 1 || true)
  case "$err" in
    *"permission denied"*) die "the Docker engine runs but this user cannot reach it: run as root, or join the docker group (sudo usermod -aG docker \$USER, then log in again)" ;;
  esac
  [ -z "${DOCKER_HOST:-}" ] || die "DOCKER_HOST=$DOCKER_HOST does not answer ($err): start that engine, or unset DOCKER_HOST for a local one"
  context=$(docker context show 2>/dev/null || echo default)
  [ "$context" = default ] || die "docker context '$context' does not answer ($err): start its engine, or run 'docker context use default'"
fi

# 2. Docker is installed but not running: start it, install nothing.
foreign=$(docker_packages | grep -v '^docker\.io ' || true)
if dockerd_path >/dev/null; then
  log "Docker is installed ($(dockerd_path)${foreign:+, ${foreign//$'\n'/, }}): leaving its packages alone"
  start_engine
  require_plugins
  report
  exit 0
fi
[ -z "$foreign" ] || die "Docker packages are installed (${foreign//$'\n'/, }) but no dockerd: install the engine from the same place (docker-ce: apt-get install docker-ce), then run this script again"
[ ! -e /snap/bin/docker ] || die "Docker is installed as a snap but does not answer: snap start docker, then run this script again"

# 3. No Docker at all: Debian's, then start it (unless its service already did).
install_debian_docker
engine_answers || start_engine
require_plugins
report
