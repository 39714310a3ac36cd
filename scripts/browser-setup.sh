#!/usr/bin/env bash
# Installs what the browser checks need, once: Debian's chromium (apt-get, when /usr/bin/chromium is
# missing; needs root or sudo) and playwright-core (npm ci from browser/package-lock.json into
# .jitgate/browser, again only when the lock file changes). Run by `./jitgate test` before the Maven
# suite; the approval page test (ApprovalPageBrowserTest) finds both through JITGATE_BROWSER_DIR.
#
#   scripts/browser-setup.sh        prints the folder holding node_modules/playwright-core
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INSTALL_DIR="${JITGATE_INSTALL_DIR:-$ROOT/.jitgate}"
DEST="$INSTALL_DIR/browser"
LOG="$INSTALL_DIR/logs/install-browser.log"
die() { printf 'browser-setup: %s\n' "$*" >&2; exit 1; }
mkdir -p "$INSTALL_DIR/logs"

if [[ ! -x /usr/bin/chromium ]]; then
  printf 'browser-setup: installing chromium with apt-get (log: %s)\n' "$LOG" >&2
  SUDO=""; [[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
  command -v apt-get >/dev/null 2>&1 || die "chromium is missing and there is no apt-get: install Debian's 'chromium' package"
  { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium; } >>"$LOG" 2>&1 \
    || die "apt-get install chromium failed; see $LOG"
fi
/usr/bin/chromium --version >/dev/null 2>&1 || die "/usr/bin/chromium does not run (see 'chromium --version')"

command -v npm >/dev/null 2>&1 || die "npm is missing: install Node.js 18+ and npm, e.g. 'apt-get install -y nodejs npm'"
want="$(cat "$ROOT/browser/package.json" "$ROOT/browser/package-lock.json" | sha256sum | cut -d' ' -f1)"
have=""; [[ -f "$DEST/.installed" ]] && have="$(cat "$DEST/.installed")"
if [[ "$have" != "$want" || ! -d "$DEST/node_modules/playwright-core" ]]; then
  printf 'browser-setup: installing playwright-core with npm ci (log: %s)\n' "$LOG" >&2
  rm -rf "$DEST" && mkdir -p "$DEST"
  cp "$ROOT/browser/package.json" "$ROOT/browser/package-lock.json" "$DEST/"
  (cd "$DEST" && npm ci --no-audit --no-fund --ignore-scripts) >>"$LOG" 2>&1 || die "npm ci failed; see $LOG"
  echo "$want" >"$DEST/.installed"
fi
echo "$DEST"
