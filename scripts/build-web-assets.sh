#!/usr/bin/env bash
# Builds the one JavaScript asset that lineage embeds into its HTML reports: the minified UMD
# builds of vega, vega-lite and vega-embed, pinned by web/package-lock.json, concatenated in load
# order into web/dist/report-charts.js. CMake compiles that file into the binary
# (cmake/EmbedWebAsset.cmake), so reports open with no network.
#
# Runs `npm ci` only when web/node_modules is missing or older than the lockfile. Idempotent.
# Usage: bash scripts/build-web-assets.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
web="$root/web"
out="$web/dist/report-charts.js"

if ! command -v npm >/dev/null 2>&1; then
  echo "build-web-assets: npm not found; run scripts/install-deps.sh first" >&2
  exit 1
fi

stamp="$web/node_modules/.package-lock.json"
if [ ! -f "$stamp" ] || [ "$web/package-lock.json" -nt "$stamp" ]; then
  echo "build-web-assets: npm ci in web/"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi

parts=(
  "$web/node_modules/vega/build/vega.min.js"
  "$web/node_modules/vega-lite/build/vega-lite.min.js"
  "$web/node_modules/vega-embed/build/vega-embed.min.js"
)
for p in "${parts[@]}"; do
  if [ ! -s "$p" ]; then
    echo "build-web-assets: missing $p (npm ci incomplete?)" >&2
    exit 1
  fi
done

mkdir -p "$web/dist"
tmp="$(mktemp "$web/dist/.report-charts.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
{
  echo "/* lineage report charts: vega, vega-lite, vega-embed (open-source licences: see each package under web/node_modules)."
  (cd "$web" && node -e 'for (const n of ["vega","vega-lite","vega-embed"]) console.log(" * " + n + " " + require("./node_modules/" + n + "/package.json").version)')
  echo " */"
  for p in "${parts[@]}"; do
    # "</script" inside the inlined code would end the HTML script element; "<\/" means the same
    # thing to JavaScript in strings and regular expressions, where such text can occur.
    # Source-map comments would point at files a report does not carry.
    sed 's#</script#<\\/script#g; s#</SCRIPT#<\\/SCRIPT#g; s#//\# sourceMappingURL=.*$##' "$p"
    printf '\n;\n'
  done
} > "$tmp"
if ! node -e 'new Function(require("fs").readFileSync(process.argv[1], "utf8"))' "$tmp"; then
  echo "build-web-assets: the concatenated asset does not parse as JavaScript" >&2
  exit 1
fi
if grep -qi '</script' "$tmp"; then
  echo "build-web-assets: '</script' survived escaping in $tmp" >&2
  exit 1
fi
if [ -f "$out" ] && cmp -s "$tmp" "$out"; then
  echo "build-web-assets: $out up to date"
  exit 0
fi
mv "$tmp" "$out"
trap - EXIT
echo "build-web-assets: wrote $out ($(wc -c < "$out") bytes)"
