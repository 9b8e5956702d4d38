#!/usr/bin/env bash
# Generates the benchmark corpus of a given size, on demand (never committed):
#
#   bench/corpus.sh small|medium|large [OUT_DIR [COUNT]]   (default OUT_DIR: /tmp/vigie-corpus-SIZE)
#
# small = 100 documents, medium = 1,000, large = 10,000: PDFs of 2 to 40 pages (large: 2 to
# 20, to keep it near 2 GB), every tenth also as DOCX and every twentieth as ODT, fixed seeds,
# so the same size always gives the same bytes. A folder already complete is left as is.
# COUNT overrides the number of documents (the smoke test makes a tiny corpus).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
docgen="${VIGIE_DOCGEN:-$here/build/tools/docgen/vigie-docgen}"
size=${1:-}
case "$size" in
  small) count=100; seed=1; pages="2 40" ;;
  medium) count=1000; seed=1; pages="2 40" ;;
  large) count=10000; seed=2; pages="2 20" ;;
  *) echo "usage: $0 small|medium|large [OUT_DIR]" >&2; exit 2 ;;
esac
out=${2:-/tmp/vigie-corpus-$size}
count=${3:-$count}
[ -x "$docgen" ] || { echo "vigie-docgen not built at $docgen (VIGIE_BUILD_TOOLS)" >&2; exit 2; }
mkdir -p "$out"
have=$(find "$out" -maxdepth 1 -name 'doc-*.pdf' | wc -l)
if [ "$have" -ge "$count" ]; then
  echo "$out: $have PDFs already there"
  exit 0
fi
# shellcheck disable=SC2086
"$docgen" corpus "$seed" "$count" "$out" $pages
echo "$out: $(find "$out" -maxdepth 1 -name 'doc-*.pdf' | wc -l) PDFs, $(du -sh "$out" | cut -f1)"
