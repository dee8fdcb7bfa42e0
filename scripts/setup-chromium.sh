#!/usr/bin/env bash
# Makes sure a Chromium is on the machine for the browser test of the panel's HTML report
# (test/integration/assessReportBrowser.test.ts drives it headless through puppeteer-core, which
# downloads no browser). Idempotent: a `chromium` on PATH, or an executable CHROME_PATH, is left as
# it is; prints the version either way.
#
# Otherwise, on Debian as root: apt-get install --no-install-recommends chromium from the machine's
# own release (bookworm and bookworm-security on Debian 12). Never from trixie, even where
# setup-docker.sh added trixie at pin 100: the candidate must be a version the machine's own suites
# carry, or the script stops (pulling chromium from trixie would pull libc6 and more with it).
set -euo pipefail

log() { printf '[chromium] %s\n' "$*"; }
die() { printf '[chromium] error: %s\n' "$*" >&2; exit 1; }

version() { "$1" --version 2>/dev/null | head -n 1; }

# Decided here, not in a $(…) subshell: a die there would only end the subshell and fall through to
# installing.
if [ -n "${CHROME_PATH:-}" ]; then
  [ -x "$CHROME_PATH" ] || die "CHROME_PATH=$CHROME_PATH is not an executable: point it at a Chromium or Chrome, or unset it"
  log "present: $(version "$CHROME_PATH") (CHROME_PATH=$CHROME_PATH)"
  exit 0
fi
if bin=$(command -v chromium); then
  log "present: $(version "$bin") ($bin)"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "no chromium on PATH and no apt-get: install Chromium or Chrome and set CHROME_PATH to it"
[ "$(id -u)" = 0 ] || die "no chromium on PATH; installing it needs root: run 'sudo bash $0'"
codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release 2>/dev/null | tr -d '"')
[ -n "$codename" ] || die "cannot tell this machine's Debian release (no VERSION_CODENAME in /etc/os-release): install chromium by hand"

start=$(date +%s)
apt-get update -qq
candidate=$(apt-cache policy chromium | awk '/Candidate:/ {print $2}')
[ -n "$candidate" ] && [ "$candidate" != "(none)" ] || die "no chromium package in this machine's apt sources: add Debian's $codename main, or install Chromium and set CHROME_PATH"
# The candidate must come from this release's suites ($codename, $codename-updates, $codename-security).
apt-cache madison chromium | awk -F'|' -v v="$candidate" -v c="$codename" '
  { gsub(/ /, "", $2); split($3, src, " "); split(src[2], suite, "/") }
  $2 == v && (suite[1] == c || index(suite[1], c "-") == 1) { found = 1 }
  END { exit !found }' \
  || die "chromium $candidate is not from $codename's own suites (a pin moved it): install chromium/$codename by hand (never with trixie as the target release)"
log "apt-get install --no-install-recommends chromium ($candidate, $codename)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "chromium=$candidate" >/dev/null
bin=$(command -v chromium) || die "chromium installed but not on PATH: look in /usr/bin/chromium"
log "installed $(version "$bin") ($bin) in $(( $(date +%s) - start )) s"
