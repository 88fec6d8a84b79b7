#!/usr/bin/env bash
# Installs the VS Code host used by extension-host tests on machines that cannot download VS Code:
# code-server (VS Code served to a browser) built with Node 24, into a cache folder outside the repo.
# Reuses an existing install. Prints the code-server binary path on its last line.
set -euo pipefail
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_MAJOR="${CODE_SERVER_NODE:-24.9.0}"
CACHE="${DYNAMO_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dynamo-guard}"
DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
BIN="$DIR/node_modules/code-server/out/node/entry.js"
NODE24="$DIR/node_modules/node/bin/node"

if [ -f "$DIR/.complete" ] && [ -x "$NODE24" ] && [ -f "$BIN" ]; then
  echo "$DIR"
  exit 0
fi

mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"dynamo-guard-code-server-cache","private":true}' > package.json
echo "installing node@$NODE_MAJOR into $DIR" >&2
npm install --no-audit --no-fund --loglevel=error "node@$NODE_MAJOR" >&2
NODE_BIN_DIR="$(dirname "$(readlink -f "$NODE24")")"
echo "installing code-server@$CODE_SERVER_VERSION with $("$NODE24" --version) (several minutes)" >&2
PATH="$NODE_BIN_DIR:$PATH" npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
[ -f "$BIN" ] || { echo "code-server did not install: $BIN missing" >&2; exit 1; }
touch .complete
echo "$DIR"
