#!/usr/bin/env bash
# Builds (or finds) the real control-plane binaries the real-cluster tests run:
# kube-apiserver, kube-controller-manager, kubectl and etcd, at the versions go.mod pins.
#
# Prints the directory that holds all four on its last line. Reuses, in this order:
#   1. $CUTOVER_KUBE_BIN, a directory of prebuilt binaries (envtest's or your own);
#   2. kube-api-test's / envtest's layout, ~/.kubeapitest/k8s/<version>-linux-<arch>/;
#   3. the cache, ${CUTOVER_KUBE_CACHE:-~/.cache/cutover/kube}/<kube>-etcd-<etcd>-<os>-<arch>/.
# Whatever is missing from the first two is built from Kubernetes' published Go modules into
# the cache (needs Go >= 1.24 and the Go module proxy; the first time about 4 minutes on 2 cores, ~820 MB of
# Go module cache and ~3 GB of Go build cache; the four binaries take ~280 MB).
# The versions file next to them holds what each binary itself reports, so prebuilt ones are named truly.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kube=$(awk '$1=="k8s.io/kubernetes"{print $2}' "$here/go.mod")
etcd=$(awk '$1=="go.etcd.io/etcd/server/v3"{print $2}' "$here/go.mod")
os=linux
case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
bins=(kube-apiserver kube-controller-manager kubectl etcd)
cache=${CUTOVER_KUBE_CACHE:-$HOME/.cache/cutover/kube}/$kube-etcd-$etcd-$os-$arch
mkdir -p "$cache"

# Link prebuilt binaries into the cache directory, so the tests find everything in one place.
for dir in "${CUTOVER_KUBE_BIN:-}" "$HOME/.kubeapitest/k8s/${kube#v}-$os-$arch"; do
  [ -n "$dir" ] && [ -d "$dir" ] || continue
  for b in "${bins[@]}"; do
    if [ ! -x "$cache/$b" ] && [ -x "$dir/$b" ]; then
      ln -sf "$(cd "$dir" && pwd)/$b" "$cache/$b"
      echo "tools/kube: using prebuilt $dir/$b" >&2
    fi
  done
done

missing=()
for b in "${bins[@]}"; do [ -x "$cache/$b" ] || missing+=("$b"); done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v go >/dev/null 2>&1; then
    echo "tools/kube: ${missing[*]} not found and Go is not installed." >&2
    echo "  Install Go >= 1.24 (with access to the Go module proxy), or set CUTOVER_KUBE_BIN to a" >&2
    echo "  directory holding kube-apiserver, kube-controller-manager, kubectl and etcd ($kube, etcd $etcd)." >&2
    exit 1
  fi
  echo "tools/kube: building ${missing[*]} ($kube, etcd $etcd) into $cache; the first build takes about 4 minutes" >&2
  minor=${kube#v1.}; minor=${minor%%.*}
  pkg="k8s.io/component-base/version"
  cgo="k8s.io/client-go/pkg/version"
  flags="-s -w"
  for p in $pkg $cgo; do
    flags="$flags -X $p.gitVersion=$kube -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
    flags="$flags -X $p.gitCommit=$kube -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  paths=()
  for b in "${missing[@]}"; do
    case "$b" in
      etcd) paths+=(./cmd/etcd) ;;
      *) paths+=("k8s.io/kubernetes/cmd/$b") ;;
    esac
  done
  tmp=$(mktemp -d "$cache/.build.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  (cd "$here" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$flags" -o "$tmp/" "${paths[@]}")
  for b in "${missing[@]}"; do mv "$tmp/$b" "$cache/$b"; done
fi
# What each binary reports (not what go.mod pins: a prebuilt one may differ); a binary that cannot say is left out.
reported() {
  case "$1" in
    kubectl) "$cache/kubectl" version --client 2>/dev/null | awk '$1=="Client"&&$2=="Version:"{print $3}' ;;
    etcd) "$cache/etcd" --version 2>/dev/null | awk '$1=="etcd"&&$2=="Version:"{print "v"$3}' ;;
    *) "$cache/$1" --version 2>/dev/null | awk '$1=="Kubernetes"{print $2}' ;;
  esac
}
versions=$(for b in "${bins[@]}"; do v=$(reported "$b" || true); [ -z "$v" ] || echo "$b=$v"; done)
written=$(mktemp "$cache/.versions.XXXXXX")
printf '%s\n' "$versions" > "$written"
chmod 644 "$written"
mv "$written" "$cache/versions"
echo "$cache"
