#!/usr/bin/env bash
# Renders the written documents of the metadata evaluation set (eval/metadata/README.md):
# every documents/NAME.src to documents/NAME.EXT for each format on its %formats line, then
# turns into landscape the pages listed on a "// landscape-pages: N,M" line (landscape.py,
# needs qpdf).
#
#   eval/metadata/render.sh [--docgen PATH] [NAME.src ...]
#
# The generator is --docgen, else $VIGIE_DOCGEN, else build/tools/docgen/vigie-docgen.
# Rendering is deterministic: an unchanged source gives the same bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
docgen=${VIGIE_DOCGEN:-$root/build/tools/docgen/vigie-docgen}
if [[ ${1:-} == --docgen ]]; then
  docgen=$2
  shift 2
fi
if [[ $# -eq 0 ]]; then
  set -- "$here"/documents/*.src
fi
for src in "$@"; do
  base=${src%.src}
  formats=$(sed -n 's/^%formats[[:space:]]\+//p' "$src")
  landscape=$(sed -n 's/^\/\/ landscape-pages:[[:space:]]*//p' "$src")
  for fmt in $formats; do
    "$docgen" "$src" "$base.$fmt"
    if [[ -n $landscape && $fmt == pdf ]]; then
      python3 "$here/landscape.py" "$base.pdf" "$base.pdf" "$landscape"
    fi
    echo "rendered $base.$fmt${landscape:+ (landscape pages $landscape)}"
  done
done
