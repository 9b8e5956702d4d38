#!/usr/bin/env bash
# The committed samples are what their sources render to: re-render each source with
# vigie-docgen into a temporary folder and compare the text vigie extracts from both.
#   tests/samples_render_test.sh VIGIE_DOCGEN VIGIE SAMPLES_DIR
set -euo pipefail
docgen=$1
vigie=$2
samples=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checked=0
failed=0
for src in "$samples"/*.src; do
  name=$(basename "$src" .src)
  formats=$(sed -n 's/^%formats //p' "$src")
  for fmt in ${formats:-pdf}; do
    "$docgen" "$src" "$tmp/$name.$fmt"
    if ! diff <("$vigie" extract --format text "$samples/$name.$fmt" 2>/dev/null) \
              <("$vigie" extract --format text "$tmp/$name.$fmt" 2>/dev/null) >"$tmp/diff"; then
      echo "FAIL $name.$fmt: the committed file differs from its source (re-render it):"
      head -20 "$tmp/diff"
      failed=$((failed + 1))
    fi
    checked=$((checked + 1))
  done
done
echo "$checked samples re-rendered, $failed differ"
[ "$failed" -eq 0 ] && [ "$checked" -ge 8 ]
