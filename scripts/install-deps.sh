#!/usr/bin/env bash
# Installs the Debian packages lineage needs to build, test, benchmark and render reports.
# Idempotent: installs only what is missing. Uses sudo when not root.
set -euo pipefail

PKGS=(
  build-essential make cmake ninja-build pkg-config git ccache
  libssl-dev libsimdjson-dev nlohmann-json3-dev libfmt-dev libcli11-dev
  libeigen3-dev libopenblas-dev zlib1g-dev
  libcurl4-openssl-dev  # the hub client (io/http)
  libsqlite3-dev  # the fingerprint registry (src/registry)
  libpq-dev postgresql-15  # the shared registry (PostgreSQL back end) and its tests (initdb, pg_ctl)
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  clang-format-14 clang-tidy-14  # pinned: CI's format and function-size checks
  python3 python3-numpy python3-scipy
  python3-dev pybind11-dev python3-pytest  # the Python module (src/python) and its tests
  chromium nodejs npm
  fonts-nanum python3-jsonschema  # Korean glyphs in report screenshots; schema validation test
  qemu-user groff-base  # the portable binary run on a CPU without AVX2; the man page's check
  zsh  # the zsh completion's syntax check (tests/scripts/completions_test.sh)
  nginx openssl  # the loopback hub of the protocol tests (tests/io/hub); Debian 12 nginx-light = nginx + echo module
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node/npm may come from elsewhere on a developer machine: only install if the commands are absent.
filtered=()
for p in "${missing[@]}"; do
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 || filtered+=("$p") ;;
    npm) command -v npm >/dev/null 2>&1 || filtered+=("$p") ;;
    *) filtered+=("$p") ;;
  esac
done
missing=("${filtered[@]+"${filtered[@]}"}")

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all packages present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The HTML report's chart library (npm, pinned by web/package-lock.json), embedded at build time.
bash "$(dirname "${BASH_SOURCE[0]}")/build-web-assets.sh"

# The behaviour tests' inference engine (npm node-llama-cpp 3.21.1, prebuilt; tests/behaviour).
bash "$(dirname "${BASH_SOURCE[0]}")/install-behaviour-engine.sh"
