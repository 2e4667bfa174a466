#!/usr/bin/env bash
# Fails when a tracked .cc/.h differs from what Debian's clang-format-14 makes of it with the
# repository's .clang-format (test data and examples are inputs, not code, and are skipped).
# Fix with: clang-format-14 -i <file>.
set -euo pipefail
cd "$(dirname "$0")/.."
FORMAT=${CLANG_FORMAT:-clang-format-14}
git ls-files -z '*.cc' '*.h' ':!:tests/data/**' ':!:examples/**' |
  xargs -0 -n 64 -P "${JOBS:-2}" "$FORMAT" --dry-run --Werror ||
  {
    echo "check-format: files differ from $FORMAT's formatting (run $FORMAT -i on them)" >&2
    exit 1
  }
echo "check-format: every tracked .cc/.h is formatted"
