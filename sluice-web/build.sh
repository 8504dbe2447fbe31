#!/usr/bin/env bash
# Builds the studio with the machine's node and npm (no Node download at build time):
#   build.sh build OUT STAMP   npm ci when node_modules is missing or older than the lock file, then vite build into OUT
#                              (skipped when nothing changed since STAMP was written)
#   build.sh test        the component tests (Vitest)
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "sluice-web: node and npm are needed to build the studio (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "sluice-web: Node.js 20 or newer is needed, this is $(node --version)" >&2
  exit 1
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.package-lock.json
fi

case "${1:-build}" in
  build)
    out="${2:?output directory}"
    stamp="${3:?stamp file}"
    # Skip when nothing of the studio changed since the last build into OUT.
    if [ -f "$stamp" ] && [ -z "$(find src public index.html vite.config.ts tsconfig.json package-lock.json -newer "$stamp" -print -quit)" ]; then
      exit 0
    fi
    npx tsc --noEmit -p tsconfig.json
    SLUICE_WEB_OUT="$out" npx vite build --logLevel warn
    touch "$stamp"
    ;;
  test)
    npx vitest run
    ;;
  *)
    echo "build.sh: unknown command $1" >&2
    exit 2
    ;;
esac
