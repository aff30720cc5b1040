#!/usr/bin/env bash
# Builds (or finds) tools/kstatus: the kstatus rules of sigs.k8s.io/cli-utils (the version go.mod pins) as a small
# command that reads one object as JSON on stdin and prints its kstatus status and message (main.go). The tests that
# hold migrations to those rules (KstatusRulesTest) run it; mvn runs this script before the tests, as it runs
# tools/kube/build.sh.
#
# Prints the binary's path on its last line. The binary is cached under the real clusters' cache,
# ${CUTOVER_KUBE_CACHE:-~/.cache/cutover/kube}/kstatus-<cli-utils>-<sources' digest>-<os>-<arch>/kstatus, so a change
# to main.go, go.mod or go.sum builds it anew. Needs Go >= 1.24 and the Go module proxy the first time (~20 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cliutils=$(awk '$1=="sigs.k8s.io/cli-utils"{print $2} $1=="require"&&$2=="sigs.k8s.io/cli-utils"{print $3}' "$here/go.mod")
digest=$(cat "$here/main.go" "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-12)
os=linux
case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
cache=${CUTOVER_KUBE_CACHE:-$HOME/.cache/cutover/kube}/kstatus-$cliutils-$digest-$os-$arch
if [ ! -x "$cache/kstatus" ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "tools/kstatus: Go is not installed; install Go >= 1.24 (with access to the Go module proxy)." >&2
    exit 1
  fi
  mkdir -p "$cache"
  echo "tools/kstatus: building kstatus (cli-utils $cliutils) into $cache" >&2
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$here" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$tmp/kstatus" .)
  mv "$tmp/kstatus" "$cache/kstatus"
fi
echo "$cache/kstatus"
