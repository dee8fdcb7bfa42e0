#!/usr/bin/env bash
# Makes sure the base images the labs use exist locally: python:3.11-slim, python:3.11, postgres:15,
# prom/prometheus:v2.53.3 and redis:7.0.
#
# For each tag: a real image already present is kept; otherwise the real image is pulled
# (timeout 30 s). Only when the pull fails (no registry reachable: CI machines, air-gapped
# assessment rooms) a stand-in is built from Debian bookworm packages (debootstrap + docker import
# + docker build). A stand-in that is present is replaced by the real image as soon as a pull works.
#
# Every stand-in carries the labels
#   mlops-lab.stand-in=true
#   mlops-lab.stand-in.for=<tag it stands in for>      (e.g. python:3.11-slim)
#   mlops-lab.stand-in.recipe=<revision of that image's recipe>    (older revisions are rebuilt)
#   org.opencontainers.image.description=... stand-in built from Debian packages ...
# so that it never shadows a real image silently. Images built FROM a stand-in inherit the labels.
#
# Usage:
#   scripts/standins.sh            ensure the images (idempotent; building needs root and debootstrap)
#   scripts/standins.sh --rebuild  rebuild the stand-ins (and their Debian base); real images are kept
#   scripts/standins.sh --base     ensure only the Debian base stand-in and print its name (the kind
#                                  node image is built on it: scripts/kind/build-node-image.sh)
#   scripts/standins.sh --list     print the stand-ins present, one per line, tab-separated:
#                                  <image ref> <TAB> <stand-in for> <TAB> <size in MB>
#
# Environment: MLOPS_LAB_DEBIAN_MIRROR overrides the Debian mirror (default: the one apt uses).
set -euo pipefail

PG_TAG=postgres:15
# Debian trixie packages Prometheus 2.53.3, the release the real prom/prometheus:v2.53.3 is built from
# (bookworm has 2.42.0); its stand-in takes that one package from trixie, on the bookworm base.
PROM_TAG=prom/prometheus:v2.53.3
# Debian bookworm packages Redis 7.0.x, the series the real redis:7.0 tag follows.
REDIS_TAG=redis:7.0
TAGS=(python:3.11-slim python:3.11 "$PG_TAG" "$PROM_TAG" "$REDIS_TAG")
SUITE=bookworm
RECIPE=3                                     # bump when the base or python recipes below change
PG_RECIPE=pg-1                               # bump when the postgres recipe changes
PROM_RECIPE=prom-1                           # bump when the prometheus recipe changes
REDIS_RECIPE=redis-1                         # bump when the redis recipe changes
BASE_REF=mlops-lab-standin/debian:$SUITE    # imported debootstrap rootfs
SLIM_REF=mlops-lab-standin/python:3.11-slim # the slim stand-in under its own name (FROM of the full one)
PULL_TIMEOUT=30

log() { printf '[standins] %s\n' "$*" >&2; }
die() { printf '[standins] error: %s\n' "$*" >&2; exit 1; }

exists() { docker image inspect "$1" >/dev/null 2>&1; }
label() { docker image inspect --format "{{with .Config.Labels}}{{index . \"$2\"}}{{end}}" "$1" 2>/dev/null || true; }
size_mb() { docker image inspect --format '{{.Size}}' "$1" | awk '{printf "%.0f", $1 / 1000000}'; }
is_standin() { [ "$(label "$1" mlops-lab.stand-in)" = true ]; }
recipe_of() { # recipe_of <tag a stand-in is for>: each image's own revision, so that a new recipe
  case "$1" in   # for one does not rebuild the others
    "$PG_TAG") printf '%s\n' "$PG_RECIPE" ;;
    "$PROM_TAG") printf '%s\n' "$PROM_RECIPE" ;;
    "$REDIS_TAG") printf '%s\n' "$REDIS_RECIPE" ;;
    *) printf '%s\n' "$RECIPE" ;;
  esac
}
current() {
  exists "$1" && is_standin "$1" \
    && [ "$(label "$1" mlops-lab.stand-in.recipe)" = "$(recipe_of "$(label "$1" mlops-lab.stand-in.for)")" ]
}

list_standins() {
  local refs
  refs=$(docker images --filter label=mlops-lab.stand-in=true --filter dangling=false \
    --format '{{.Repository}}:{{.Tag}}' | sort -u)
  [ -n "$refs" ] || return 0
  local ref for size
  for ref in $refs; do
    for=$(label "$ref" mlops-lab.stand-in.for)
    # Images built FROM a stand-in inherit its labels: list only the stand-ins themselves.
    if [ "$ref" = "$for" ] || [[ "$ref" == mlops-lab-standin/* ]]; then
      size=$(size_mb "$ref")
      printf '%s\t%s\t%s\n' "$ref" "$for" "$size"
    fi
  done
}

mode=ensure
case "${1:-}" in
  "") ;;
  --list) mode=list ;;
  --base) mode=base ;;
  --rebuild) mode=rebuild ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
  *) die "unknown argument '$1' (use --list, --base, --rebuild or --help)" ;;
esac

docker info >/dev/null 2>&1 || die "no Docker engine answers (run scripts/setup-docker.sh first)"

if [ "$mode" = list ]; then
  list_standins
  exit 0
fi

# One run at a time (labs and tests may call this concurrently).
if command -v flock >/dev/null 2>&1 && [ -w /var/lock ] ; then
  exec 9>/var/lock/mlops-lab-standins.lock
  flock 9
fi

t0=$(date +%s)
work=""
cleanup() {
  [ -n "$work" ] && [ -d "$work" ] || return 0
  # debootstrap mounts proc/sys inside the target; never let rm walk into them.
  awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# --- the Debian mirror this machine's apt already uses ---------------------------------------------
debian_mirror() {
  local m="${MLOPS_LAB_DEBIAN_MIRROR:-}"
  [ -n "$m" ] || m=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$m" ] || m=$(awk '$1=="deb"{for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$m" ] || m=http://deb.debian.org/debian
  printf '%s\n' "${m%/}"
}
security_mirror() {
  local m
  m=$(awk -v RS= '/Suites:[^\n]*-security/ { if (match($0, /URIs:[ \t]*[^ \t\n]+/)) { s = substr($0, RSTART, RLENGTH); sub(/URIs:[ \t]*/, "", s); print s; exit } }' \
      /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$m" ] || m=$(awk '$1=="deb" && /-security/ {for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null || true)
  if [ -z "$m" ]; then case "$1" in */debian) m="$1-security" ;; esac; fi
  printf '%s\n' "${m%/}"
}

desc() { printf 'mlops-labs stand-in built from Debian packages (%s) for %s: NOT the official image; built because no container registry was reachable' "$SUITE" "$1"; }

build_image() { # build_image <ref> <for> <log name> [docker build args...] ; Dockerfile on stdin
  local ref="$1" for="$2" name="$3"; shift 3
  local blog="$work/$name.log"
  if ! docker build --progress=plain -t "$ref" \
      --label mlops-lab.stand-in=true --label "mlops-lab.stand-in.for=$for" \
      --label "mlops-lab.stand-in.recipe=$(recipe_of "$for")" \
      --label "org.opencontainers.image.description=$(desc "$for")" \
      "$@" - >"$blog" 2>&1; then
    tail -n 40 "$blog" >&2
    die "building the stand-in for $for failed (log above)"
  fi
}

ensure_base() {
  if [ "$mode" != rebuild ] && current "$BASE_REF"; then return 0; fi
  [ "$(id -u)" = 0 ] || die "building stand-ins needs root (debootstrap): run 'sudo $0'"
  if ! command -v debootstrap >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "debootstrap is missing and there is no apt-get to install it"
    log "installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  local mirror security rootfs t
  mirror=$(debian_mirror); security=$(security_mirror "$mirror")
  rootfs="$work/rootfs"; mkdir -p "$rootfs"
  t=$(date +%s)
  log "debootstrap --variant=minbase $SUITE from $mirror (about 30-50 s)"
  if ! debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
    die "debootstrap failed"
  fi
  # Leave no mounts behind, then trim the rootfs like Debian's own slim images.
  awk -v w="$rootfs/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  (
    cd "$rootfs"
    rm -rf --one-file-system dev/* proc/* sys/* run/* tmp/* var/tmp/* \
      var/lib/apt/lists/* var/cache/apt/*.bin var/cache/apt/archives/*.deb \
      var/cache/debconf/*-old var/lib/dpkg/*-old var/log/* \
      usr/share/man/* usr/share/info/* usr/share/locale/* usr/share/groff/* usr/share/lintian/* usr/share/linda/*
    mkdir -p var/lib/apt/lists/partial var/cache/apt/archives/partial
    find usr/share/doc -mindepth 1 -depth ! -name copyright ! -type d -delete
    find usr/share/doc -mindepth 1 -depth -type d -empty -delete
    rm -f etc/resolv.conf etc/apt/sources.list; : > etc/hostname
    # Docker's own image conventions (as in debian:*-slim): no docs/man/locales, no .debs, no translations.
    mkdir -p etc/dpkg/dpkg.cfg.d etc/apt/apt.conf.d etc/apt/sources.list.d
    cat > etc/dpkg/dpkg.cfg.d/docker <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
CFG
    cat > etc/apt/apt.conf.d/docker-clean <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
    printf 'Acquire::Languages "none";\n' > etc/apt/apt.conf.d/docker-no-languages
    printf 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n' > etc/apt/apt.conf.d/docker-gzip-indexes
    printf 'Apt::AutoRemove::SuggestsImportant "false";\n' > etc/apt/apt.conf.d/docker-autoremove-suggests
    {
      printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" "$SUITE" "$SUITE"
      [ -z "$security" ] || printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$security" "$SUITE"
    } > etc/apt/sources.list.d/debian.sources
    # A stand-in is built on this machine for this machine: it trusts the extra CAs its admin
    # installed (e.g. a TLS-inspecting egress proxy), or pip in every lab build would fail
    # certificate checks. ca-certificates (installed in the slim stage) folds them into the bundle.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
      mkdir -p usr/local/share/ca-certificates
      cp /usr/local/share/ca-certificates/*.crt usr/local/share/ca-certificates/
    fi
  )
  local host_cas
  host_cas=$(cd /usr/local/share/ca-certificates 2>/dev/null && ls -- *.crt 2>/dev/null | paste -sd, - || true)
  if ! tar --numeric-owner -C "$rootfs" -c . | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'CMD ["bash"]' \
      --change "LABEL mlops-lab.stand-in=true mlops-lab.stand-in.for=debian:$SUITE mlops-lab.stand-in.recipe=$RECIPE mlops-lab.stand-in.host-ca=${host_cas:-none}" \
      --change "LABEL org.opencontainers.image.description=\"$(desc "debian:$SUITE")\"" \
      --message "debootstrap --variant=minbase $SUITE $mirror" \
      - "$BASE_REF" >/dev/null; then
    die "docker import of the $SUITE rootfs failed"
  fi
  rm -rf --one-file-system "$rootfs"
  log "imported $BASE_REF ($(size_mb "$BASE_REF") MB, $(( $(date +%s) - t )) s)"
}

ensure_slim() {
  [ "${slim_built:-}" = 1 ] && return 0
  if [ "$mode" != rebuild ]; then
    current "$SLIM_REF" && return 0
    # The slim stand-in may be present only under its public name.
    if current python:3.11-slim && [ "$(label python:3.11-slim mlops-lab.stand-in.for)" = python:3.11-slim ]; then
      docker tag python:3.11-slim "$SLIM_REF"; return 0
    fi
  fi
  ensure_base
  local t; t=$(date +%s)
  log "building $SLIM_REF FROM $BASE_REF"
  build_image "$SLIM_REF" python:3.11-slim slim --build-arg "BASE=$BASE_REF" <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 \
    PYTHON_VERSION=3.11.2
RUN --mount=type=cache,id=mlops-lab-standin-apt-lists,target=/var/lib/apt/lists,sharing=locked \
    set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      python3 python3-pip python3-venv ca-certificates; \
    rm -f /usr/lib/python3*/EXTERNALLY-MANAGED; \
    for b in python:python3 python3:python3 python3.11:python3.11 pip:pip3 pip3:pip3 pip3.11:pip3; do \
      ln -sf "/usr/bin/${b#*:}" "/usr/local/bin/${b%%:*}"; \
    done; \
    apt-get clean; \
    rm -rf /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/apt/* /var/log/dpkg.log \
      /var/log/alternatives.log /tmp/* /root/.cache; \
    find /usr -depth -type d -name __pycache__ -exec rm -rf {} +; \
    [ "$(python -c 'import platform; print(platform.python_version())')" = "$PYTHON_VERSION" ]; \
    pip --version
CMD ["python3"]
DOCKERFILE
  slim_built=1
  log "built $SLIM_REF ($(size_mb "$SLIM_REF") MB, $(( $(date +%s) - t )) s)"
}

build_standin() { # build_standin <tag>
  case "$1" in
    python:3.11-slim)
      ensure_slim
      docker tag "$SLIM_REF" python:3.11-slim
      ;;
    python:3.11)
      ensure_slim
      local t; t=$(date +%s)
      log "building python:3.11 FROM $SLIM_REF (compilers, git, curl, wget, -dev libraries)"
      # A subset of buildpack-deps:bookworm, which the real python:3.11 is built on: compilers, headers
      # for the usual source builds (psycopg2, mysqlclient, cffi, ...), git, curl, wget. The -dev
      # libraries with manylinux wheels upstream (lxml, Pillow extras, ...) are left out: each adds seconds.
      build_image python:3.11 python:3.11 full --build-arg "BASE=$SLIM_REF" <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
RUN --mount=type=cache,id=mlops-lab-standin-apt-lists,target=/var/lib/apt/lists,sharing=locked \
    set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential pkg-config file patch bzip2 unzip xz-utils \
      git curl wget openssh-client procps netbase \
      python3-dev libpq-dev default-libmysqlclient-dev libffi-dev libssl-dev zlib1g-dev \
      libjpeg-dev libyaml-dev; \
    printf '#!/bin/sh\nexec /usr/bin/python3-config "$@"\n' > /usr/local/bin/python-config; \
    chmod 755 /usr/local/bin/python-config; \
    apt-get clean; \
    rm -rf /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/apt/* /var/log/dpkg.log \
      /var/log/alternatives.log /tmp/* /root/.cache; \
    find /usr -depth -type d -name __pycache__ -exec rm -rf {} +; \
    gcc --version | head -n 1; git --version; python-config --includes
DOCKERFILE
      log "built python:3.11 ($(size_mb python:3.11) MB, $(( $(date +%s) - t )) s)"
      ;;
    "$PG_TAG")
      ensure_base
      local t; t=$(date +%s)
      log "building $PG_TAG FROM $BASE_REF (Debian's postgresql-15, the official image's entrypoint interface)"
      # The official image's layout: user postgres (uid/gid 999), PGDATA /var/lib/postgresql/data,
      # binaries of the major version on PATH, listen_addresses='*' in the sample config initdb copies.
      build_image "$PG_TAG" "$PG_TAG" postgres --build-arg "BASE=$BASE_REF" <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
ENV PG_MAJOR=15 \
    LANG=en_US.utf8 \
    PGDATA=/var/lib/postgresql/data
ENV PATH=/usr/lib/postgresql/${PG_MAJOR}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN --mount=type=cache,id=mlops-lab-standin-apt-lists,target=/var/lib/apt/lists,sharing=locked \
    set -eux; \
    groupadd -r --gid=999 postgres; \
    useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres; \
    mkdir -p /var/lib/postgresql /etc/postgresql-common/createcluster.d; \
    chown postgres:postgres /var/lib/postgresql; \
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/docker.conf; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "postgresql-$PG_MAJOR" locales; \
    localedef -i en_US -c -f UTF-8 en_US.UTF-8; \
    sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" "/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample"; \
    grep -F "listen_addresses = '*'" "/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample"; \
    mkdir -p /var/run/postgresql /docker-entrypoint-initdb.d "$PGDATA"; \
    chown postgres:postgres /var/run/postgresql "$PGDATA"; \
    chmod 3777 /var/run/postgresql; \
    chmod 1777 "$PGDATA"; \
    apt-get clean; \
    rm -rf /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/apt/* /var/log/dpkg.log \
      /var/log/alternatives.log /tmp/*; \
    postgres --version; pg_isready --version
COPY --chmod=755 <<'EOF' /usr/local/bin/docker-entrypoint.sh
#!/usr/bin/env bash
# Entrypoint of the postgres:15 stand-in: the official image's interface, in short.
#   POSTGRES_PASSWORD  required, unless POSTGRES_HOST_AUTH_METHOD=trust
#   POSTGRES_USER      superuser to create (default postgres)
#   POSTGRES_DB        database to create (default: POSTGRES_USER)
#   POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD (default scram-sha-256)
#   /docker-entrypoint-initdb.d/*.sh, *.sql   run in name order on first start only (empty PGDATA)
# No `set -u`: *.sh init scripts that are not executable are sourced, as in the official image.
set -Eeo pipefail

# `docker run image -c shared_buffers=256MB` means `postgres -c ...`
if [ "${1:0:1}" = - ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi

export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

# Started as root: own the data directory, then run this script again as postgres.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chmod 00700 "$PGDATA"
  chmod 03775 /var/run/postgresql
  find "$PGDATA" /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
  exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  export POSTGRES_USER="${POSTGRES_USER:-postgres}"
  export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
  auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
    echo 'Error: the database is uninitialized and POSTGRES_PASSWORD is not set.' >&2
    echo '       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust to allow every connection without a password).' >&2
    exit 1
  fi

  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") ${POSTGRES_INITDB_ARGS:-}
  else
    initdb --username="$POSTGRES_USER" ${POSTGRES_INITDB_ARGS:-}
  fi
  # Local (socket) connections are trusted, as initdb sets them; remote ones need the password.
  printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

  # A temporary server on the socket only, for the database and the init scripts.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
  if [ "$POSTGRES_DB" != postgres ]; then
    "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  psql+=(--dbname "$POSTGRES_DB")
  for f in /docker-entrypoint-initdb.d/*; do
    # shellcheck disable=SC1090 # the lab's own init scripts
    case "$f" in
      *.sh)  echo "$0: running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) echo "$0: running $f"; "${psql[@]}" -f "$f" ;;
      *)     [ -e "$f" ] && echo "$0: ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "$0: PostgreSQL init process complete; ready for start up."
fi

# PID 1 is postgres itself: SIGINT (the STOPSIGNAL) is a fast shutdown.
exec "$@"
EOF
ENTRYPOINT ["docker-entrypoint.sh"]
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
DOCKERFILE
      log "built $PG_TAG ($(size_mb "$PG_TAG") MB, $(( $(date +%s) - t )) s)"
      ;;
    "$PROM_TAG")
      ensure_base
      local t; t=$(date +%s)
      log "building $PROM_TAG FROM $BASE_REF (Debian trixie's prometheus 2.53.3)"
      # Only the prometheus package (and what it Depends on that bookworm lacks) comes from trixie:
      # the suite is pinned at 100 for the build and dropped from the image's apt sources afterwards.
      # Its own apt-lists cache, so the bookworm builds never see trixie's lists. The package Depends on
      # the classic UI's JavaScript; moment-timezone's per-zone data files (212 MB, unused by the
      # bundled moment-timezone-with-data.js) are left out.
      build_image "$PROM_TAG" "$PROM_TAG" prometheus --build-arg "BASE=$BASE_REF" <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
RUN --mount=type=cache,id=mlops-lab-standin-apt-lists-trixie,target=/var/lib/apt/lists,sharing=locked \
    set -eux; \
    mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources); \
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" \
      > /etc/apt/sources.list.d/trixie.sources; \
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie; \
    apt-get update; \
    printf 'path-exclude /usr/share/javascript/moment-timezone/data/*\n' > /etc/dpkg/dpkg.cfg.d/docker-no-tzjs; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus/trixie; \
    rm /etc/apt/sources.list.d/trixie.sources /etc/apt/preferences.d/trixie; \
    [ -x /bin/prometheus ] || ln -s /usr/bin/prometheus /bin/prometheus; \
    [ -x /bin/promtool ] || ln -s /usr/bin/promtool /bin/promtool; \
    mkdir -p /etc/prometheus /prometheus; \
    chown -R nobody:nogroup /etc/prometheus /prometheus; \
    apt-get clean; \
    rm -rf /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/apt/* /var/log/dpkg.log \
      /var/log/alternatives.log /tmp/*; \
    /bin/prometheus --version 2>&1 | grep -F 'version 2.53.'
# The official image's default configuration: Prometheus scraping itself.
COPY --chown=65534:65534 <<'EOF' /etc/prometheus/prometheus.yml
global:
  scrape_interval: 15s
  evaluation_interval: 15s

scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["localhost:9090"]
EOF
USER nobody
WORKDIR /prometheus
VOLUME ["/prometheus"]
EXPOSE 9090
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
DOCKERFILE
      log "built $PROM_TAG ($(size_mb "$PROM_TAG") MB, $(( $(date +%s) - t )) s)"
      ;;
    "$REDIS_TAG")
      ensure_base
      local t; t=$(date +%s)
      log "building $REDIS_TAG FROM $BASE_REF (Debian's redis-server 7.0, the official image's interface)"
      # The official image's layout: user redis (uid/gid 999), data and working directory /data,
      # `redis-server` as the command, listening on every interface with protected mode off (the
      # official image compiles that default in; here the entrypoint passes `--protected-mode no`
      # when no config file is given, so a mounted redis.conf still decides for itself), and the
      # entrypoint dropping from root to redis. redis-cli comes with the package (redis-tools).
      build_image "$REDIS_TAG" "$REDIS_TAG" redis --build-arg "BASE=$BASE_REF" <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
RUN --mount=type=cache,id=mlops-lab-standin-apt-lists,target=/var/lib/apt/lists,sharing=locked \
    set -eux; \
    groupadd -r --gid=999 redis; \
    useradd -r -g redis --uid=999 --home-dir=/var/lib/redis --shell=/usr/sbin/nologin redis; \
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools; \
    rm -f /usr/sbin/policy-rc.d; \
    mkdir -p /data; \
    chown redis:redis /data; \
    apt-get clean; \
    rm -rf /var/cache/debconf/*-old /var/lib/dpkg/*-old /var/log/apt/* /var/log/dpkg.log \
      /var/log/alternatives.log /tmp/*; \
    redis-server --version | grep -F ' v=7.0.'; redis-cli --version
COPY --chmod=755 <<'EOF' /usr/local/bin/docker-entrypoint.sh
#!/bin/sh
# Entrypoint of the redis:7.0 stand-in: the official image's, in short.
set -e

# `docker run image --appendonly yes` or `docker run image /path/redis.conf` mean `redis-server ...`
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi

if [ "$1" = redis-server ]; then
  # Started as root: own the working directory, then run this script again as redis.
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
  fi
  # Protected mode off unless a config file (always the first argument) says otherwise; options
  # given here come after it, so `--protected-mode yes` still wins.
  shift
  case "${1:-}" in
    -v|--version|-h|--help|--test-memory|--check-system) set -- redis-server "$@" ;;
    -*|"") set -- redis-server --protected-mode no "$@" ;;
    *) set -- redis-server "$@" ;;
  esac
fi

um="$(umask)"
if [ "$um" = 0022 ]; then umask 0077; fi
exec "$@"
EOF
WORKDIR /data
VOLUME /data
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 6379
CMD ["redis-server"]
DOCKERFILE
      log "built $REDIS_TAG ($(size_mb "$REDIS_TAG") MB, $(( $(date +%s) - t )) s)"
      ;;
    *) die "no stand-in recipe for $1" ;;
  esac
}

if [ "$mode" = base ]; then
  if ! current "$BASE_REF"; then work=$(mktemp -d "${MLOPS_LAB_STANDIN_TMP:-/var/tmp}/mlops-standins.XXXXXX"); fi
  ensure_base
  printf '%s\n' "$BASE_REF"
  exit 0
fi

# --- which tags need what ------------------------------------------------------------------------
declare -A state
try_pull=()
for tag in "${TAGS[@]}"; do
  if ! exists "$tag"; then
    state[$tag]=missing; try_pull+=("$tag")
  elif ! is_standin "$tag"; then
    state[$tag]=real
  else
    # A stand-in: the real image replaces it whenever a registry answers.
    state[$tag]=standin; try_pull+=("$tag")
  fi
done

# Pull attempts run in parallel, so an unreachable registry costs at most one timeout.
if [ "${#try_pull[@]}" -gt 0 ]; then
  work=$(mktemp -d "${MLOPS_LAB_STANDIN_TMP:-/var/tmp}/mlops-standins.XXXXXX")
  declare -A pid
  for tag in "${try_pull[@]}"; do
    timeout "$PULL_TIMEOUT" docker pull -q "$tag" >"$work/pull-${tag//[:\/]/_}.log" 2>&1 &
    pid[$tag]=$!
  done
  for tag in "${try_pull[@]}"; do
    if wait "${pid[$tag]}" && ! is_standin "$tag"; then
      state[$tag]=pulled
    fi
  done
fi

# Image ids of the stand-ins as they are now: the ones a rebuild replaces are removed at the end.
old_ids=$(docker image inspect --format '{{.Id}}' "$REDIS_TAG" "$PROM_TAG" "$PG_TAG" python:3.11 "$SLIM_REF" python:3.11-slim "$BASE_REF" 2>/dev/null || true)

report=()
for tag in "${TAGS[@]}"; do
  case "${state[$tag]}" in
    real)   report+=("$tag: present (real image, $(size_mb "$tag") MB)") ;;
    pulled) report+=("$tag: real image pulled ($(size_mb "$tag") MB)") ;;
    standin|missing)
      if [ "${state[$tag]}" = standin ] && [ "$mode" != rebuild ] && current "$tag"; then
        report+=("$tag: present (stand-in for $tag, $(size_mb "$tag") MB; no registry reachable)")
      else
        why="no registry reachable: $(tail -n 1 "$work/pull-${tag//[:\/]/_}.log" 2>/dev/null | cut -c1-100)"
        log "$tag: pull failed ($why); building a stand-in"
        build_standin "$tag"
        report+=("$tag: stand-in built ($(size_mb "$tag") MB; labelled mlops-lab.stand-in.for=$tag)")
      fi
      ;;
  esac
done

for id in $old_ids; do   # children first (services, full, slim, base); in use or still tagged: kept
  # Only stand-ins: a real image that a pull left untagged is not ours to remove.
  if [ "$(docker image inspect --format '{{len .RepoTags}}' "$id" 2>/dev/null || echo 1)" = 0 ] && is_standin "$id"; then
    docker rmi "$id" >/dev/null 2>&1 || true
  fi
done

for line in "${report[@]}"; do printf '%s\n' "$line"; done
log "done in $(( $(date +%s) - t0 )) s"
