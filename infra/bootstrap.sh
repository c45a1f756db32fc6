#!/usr/bin/env bash
# Brings a fresh clone to a working state, then runs the given command with the project's toolchain first
# on the PATH. Used by `npm run dev`, `npm test` and `npm run bench`; safe to run again (each step is skipped
# when already done).
#
#   Node 24  the system's node when it is 24 or newer, else the `node` package from the npm registry,
#            installed into .toolchain/ (git-ignored)
#   pnpm     the version pinned in package.json "packageManager", from the npm registry, into .toolchain/
#   deps     `pnpm install` (frozen lockfile under CI)
#   servers  nats-server and docker-registry from Debian's packages when missing (needs root or sudo)
#   browser  chromium from Debian's packages when TRELLIS_NEED_BROWSER=1 (the client's browser test drives it
#            with playwright-core; never `playwright install`)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.toolchain"
node_version="24.21.0"
say() { printf '\033[2m[trellis]\033[0m %s\n' "$*" >&2; }
die() { printf '[trellis] error: %s\n' "$*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  mkdir -p "$tools/bin"
  local system_node
  system_node="$(PATH="${PATH//$tools\/bin:/}" command -v node || true)"
  if [ -n "$system_node" ] && [ "$(node_major "$system_node")" -ge 24 ]; then
    ln -sf "$system_node" "$tools/bin/node"
  elif [ ! -x "$tools/node_modules/node/bin/node" ] || [ "$(node_major "$tools/node_modules/node/bin/node")" -lt 24 ]; then
    say "system node is $("${system_node:-false}" --version 2>/dev/null || echo absent); installing node@$node_version from the npm registry into .toolchain/"
    command -v npm >/dev/null || die "npm is needed once to fetch Node 24 from the npm registry"
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "node@$node_version" >&2
    [ -x "$tools/node_modules/node/bin/node" ] || die "the node package did not provide a binary"
    ln -sf "$tools/node_modules/node/bin/node" "$tools/bin/node"
  else
    ln -sf "$tools/node_modules/node/bin/node" "$tools/bin/node"
  fi
}

ensure_pnpm() {
  local want
  want="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$root/package.json")"
  if [ ! -f "$tools/pnpm/node_modules/pnpm/bin/pnpm.cjs" ] || \
     [ "$("$tools/bin/node" "$tools/pnpm/node_modules/pnpm/bin/pnpm.cjs" --version)" != "$want" ]; then
    say "installing pnpm@$want from the npm registry into .toolchain/"
    PATH="$tools/bin:$PATH" npm install --prefix "$tools/pnpm" --no-save --no-audit --no-fund --loglevel=error "pnpm@$want" >&2
  fi
  cat >"$tools/bin/pnpm" <<EOF
#!/bin/sh
exec "$tools/bin/node" "$tools/pnpm/node_modules/pnpm/bin/pnpm.cjs" "\$@"
EOF
  chmod +x "$tools/bin/pnpm"
}

ensure_deps() {
  local stamp="$root/node_modules/.trellis-installed"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$root/pnpm-lock.yaml" ] && [ "$stamp" -nt "$root/package.json" ]; then
    return
  fi
  say "installing dependencies with pnpm"
  if [ "${CI:-}" = "true" ]; then
    (cd "$root" && pnpm install --frozen-lockfile --reporter=append-only >&2)
  else
    (cd "$root" && pnpm install --reporter=append-only >&2)
  fi
  touch "$stamp"
}

apt_install() {
  local runner=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then runner="sudo -n"; else
      die "$* missing and installing it needs root: run 'sudo apt-get install -y $*' once, then try again"
    fi
  fi
  command -v apt-get >/dev/null || die "$* missing and this system has no apt-get: install $* and try again"
  say "installing $* from Debian's packages"
  $runner apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $runner apt-get install -y -qq "$@" >&2
}

ensure_servers() {
  local missing=()
  command -v nats-server >/dev/null || missing+=(nats-server)
  if [ "${TRELLIS_NEED_REGISTRY:-0}" = "1" ]; then
    command -v docker-registry >/dev/null || missing+=(docker-registry)
  fi
  if [ "${TRELLIS_NEED_BROWSER:-0}" = "1" ]; then
    [ -x /usr/bin/chromium ] || missing+=(chromium)
  fi
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

export PATH="$tools/bin:$root/node_modules/.bin:$PATH"
ensure_node
ensure_pnpm
ensure_deps
ensure_servers
# Keep wrangler, workerd and every tool from calling home.
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true
export DO_NOT_TRACK=1 NO_UPDATE_NOTIFIER=1 WRANGLER_LOG_PATH="$root/.data/wrangler-logs"
export XDG_CONFIG_HOME="${TRELLIS_XDG_CONFIG_HOME:-$root/.data/xdg}"
mkdir -p "$XDG_CONFIG_HOME"
[ $# -gt 0 ] || exit 0
exec "$@"
