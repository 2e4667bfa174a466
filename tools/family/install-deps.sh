#!/usr/bin/env bash
# Installs what tools/family needs, from Debian packages only (no pip):
# PyTorch and NumPy for the trainer, groff/man for rendering manpages, and the
# documentation packages whose text is the corpus. Run as root. Training never
# runs in CI or tests; this script is for regenerating examples/family by hand.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  python3 python3-numpy python3-torch \
  groff-base man-db manpages \
  debian-faq-ko gimp-help-ko debian-reference-en
