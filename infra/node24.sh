#!/bin/sh
# Runs a project entry point (a .ts file) under Node 24 even when an older node is first on the PATH:
# $TRELLIS_NODE, else the repo's .toolchain/bin/node, else `node` when it is 24 or newer.
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
node="${TRELLIS_NODE:-}"
if [ -z "$node" ] && [ -x "$here/../.toolchain/bin/node" ]; then node="$here/../.toolchain/bin/node"; fi
if [ -z "$node" ]; then
  node="$(command -v node || true)"
  major="$([ -n "$node" ] && "$node" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -lt 24 ]; then
    echo "trellis: Node 24 or newer is needed (found ${node:-no node}); run 'npm test' or 'npm run dev' once to provision it" >&2
    exit 1
  fi
fi
exec "$node" "$@"
