#!/usr/bin/env bash
# The Debian packages the pipeline needs, from tools/debian-packages.tsv.
#
#   sysdeps.sh missing build|check   packages whose command/file is missing (check includes build)
#   sysdeps.sh list                  every package a bare machine would need (for the apt simulation)
#   sysdeps.sh install PKG...        apt-get install them when root; else print the command and fail
#   sysdeps.sh simulate              `apt-get install -s` of the whole list; fails naming the conflict
#
# Node.js and npm: a machine whose Node.js came from elsewhere (NodeSource ships npm inside its
# `nodejs`) conflicts with Debian's `npm`, so neither is asked of apt when its command works.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
table="${SYSDEPS_TABLE:-$here/debian-packages.tsv}"
export DEBIAN_FRONTEND=noninteractive

present() {  # is this need met on this machine?
  case "$1" in
    # grep reads ldconfig's whole list: `grep -q` would stop at the first match, ldconfig would die
    # of SIGPIPE (141) and pipefail would call an installed library missing, at random
    lib:*) ldconfig -p 2>/dev/null | grep -F -- $'\t'"${1#lib:} " >/dev/null ;;
    py:*)  python3 -c "import ${1#py:}" 2>/dev/null ;;
    /*)    test -e "$1" ;;
    *)     command -v "$1" >/dev/null 2>&1 ;;
  esac
}


rows() {  # rows of the table for a scope: "need package"
  local scope=$1
  grep -v '^#' "$table" | awk -F'\t' -v s="$scope" 'NF == 3 && (s == "all" || $1 == "build" || $1 == s) {print $2, $3}'
}

skipped() {  # Node.js or npm that already works (wherever it came from): never asked of apt
  { [ "$1" = node ] || [ "$1" = npm ]; } && command -v "$1" >/dev/null 2>&1
}

missing() {
  local need pkg out=()
  while read -r need pkg; do
    present "$need" || out+=("$pkg")
  done < <(rows "$1")
  [ ${#out[@]} -eq 0 ] || printf '%s\n' "${out[@]}" | sort -u | tr '\n' ' '
}

list() {
  local need pkg out=()
  while read -r need pkg; do
    if skipped "$need"; then continue; fi
    out+=("$pkg")
  done < <(rows all)
  printf '%s\n' "${out[@]}" | sort -u | tr '\n' ' '
}

lists_empty() { ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; }

install() {
  [ $# -gt 0 ] || exit 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: $*" >&2
    echo "run as root, then make again:  apt-get update && apt-get install -y --no-install-recommends $*" >&2
    exit 1
  fi
  echo "installing Debian packages: $*"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@"
}

simulate() {
  local pkgs out
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "sysdeps: no apt-get here (not Debian): the apt simulation is skipped"; return 0
  fi
  pkgs=$(list)
  if lists_empty; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq; else
      echo "sysdeps: apt's package lists are empty; run apt-get update as root to check the install" >&2; return 1
    fi
  fi
  # shellcheck disable=SC2086
  if out=$(apt-get install -s -y --no-install-recommends $pkgs 2>&1); then
    echo "sysdeps: apt can install every package a bare machine needs ($(wc -w <<<"$pkgs") packages)"
  else
    echo "sysdeps: apt cannot install the pipeline's Debian packages on a fresh machine:" >&2
    grep -E 'Conflicts|Depends|Breaks|^E:' <<<"$out" | sed 's/^/  /' >&2
    echo "  packages: $pkgs" >&2
    echo "  fix tools/debian-packages.tsv (or tools/sysdeps.sh for packages that depend on the machine)" >&2
    return 1
  fi
}

case "${1:-}" in
  missing) missing "${2:?build or check}" ;;
  list) list ;;
  install) shift; install "$@" ;;
  simulate) simulate ;;
  *) echo "usage: $0 missing build|check | list | install PKG... | simulate" >&2; exit 2 ;;
esac
