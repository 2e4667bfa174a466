#!/usr/bin/env bash
# Builds the .deb (CPack) from BUILD_DIR, installs it with dpkg on this machine, runs
# `lineage --version` and the demo's compare from the installed files (/usr/bin/lineage, data in
# /usr/share/lineage), and, when the build has the Python module, imports it with /usr/bin/python3
# in a clean environment (no PYTHONPATH: from where python3-* packages go) and runs the same
# compare from it; then removes the package. The removal runs on failure too (trap). Uses sudo
# when not root. Refuses to run when /usr/bin/lineage exists and the package does not own it.
# Usage: bash scripts/check-deb.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ -e /usr/bin/lineage ] && ! dpkg -S /usr/bin/lineage 2>/dev/null | grep -q '^lineage:'; then
  echo "check-deb: /usr/bin/lineage exists and is not from the lineage package; not touching it" >&2
  exit 1
fi
targets=(lineage)
has_python=false
if [ -d "$BUILD_DIR/python/lineage" ]; then has_python=true; targets+=(lineage_python); fi
cmake --build "$BUILD_DIR" --target "${targets[@]}"
(cd "$BUILD_DIR" && cpack -G DEB >cpack.log) || { cat "$BUILD_DIR/cpack.log"; exit 1; }
deb=$(ls -t "$BUILD_DIR"/lineage_*.deb | head -n1)
echo "check-deb: $deb"
dpkg-deb --info "$deb" | grep -E "^ (Package|Version|Depends|Installed-Size):"
cleanup() { $SUDO dpkg -r lineage >/dev/null 2>&1 || true; }
trap cleanup EXIT
$SUDO dpkg -i "$deb"
# The installed binary, from a directory that holds no data, with no data variables set.
cd /tmp
unset LINEAGE_CALIBRATION LINEAGE_CATALOG
/usr/bin/lineage --version
M=$OLDPWD/examples/models
/usr/bin/lineage compare "$M/ft-sft" "$M/base" "$M/indep-s1"
if $has_python; then
  dpkg -L lineage | grep -q '/dist-packages/lineage/__init__.py$' ||
    { echo "check-deb: the Python module is not in the package" >&2; exit 1; }
  env -i PATH=/usr/bin:/bin HOME=/tmp /usr/bin/python3 - "$M" <<'PY'
import sys
import lineage
print("check-deb: import lineage from", lineage.__file__)
r = lineage.compare(sys.argv[1] + "/ft-sft", [sys.argv[1] + "/base"])
assert r["results"][0]["verdict"] == "derived", r["results"][0]["verdict"]
PY
fi
$SUDO dpkg -r lineage
trap - EXIT
dpkg -s lineage >/dev/null 2>&1 && { echo "check-deb: lineage still installed after dpkg -r" >&2; exit 1; }
# Nothing of the package stays behind, not even the byte code that the import wrote.
if [ -e /usr/lib/python3/dist-packages/lineage ]; then
  echo "check-deb: /usr/lib/python3/dist-packages/lineage left after dpkg -r" >&2
  exit 1
fi
echo "check-deb: the .deb installs, runs compare and removes cleanly"
