#!/usr/bin/env bash
# Rule scanning: vigie's engine against GNU grep -E with the same patterns on the same
# folded text.
#
#   bench/rules_vs_grep.sh [--rounds N] [--rules-bench PATH] DOC_DIR
#
# rules_bench extracts and analyses the documents of DOC_DIR once, writes their folded text
# (what the rules read: lower case, no accents, one space between words) and every default
# pattern translated to a grep -E expression (plural endings, hyphen and apostrophe
# variants, gaps and fields spelled out). Then, alternating, each round times:
#   grep -c   grep -E -c -f patterns.ere over the folded files (lines with a match),
#   grep -o   grep -E -o -f patterns.ere | wc -l (every match, the work vigie does),
#   vigie     rules_bench's scan of the same text with every pattern (BM_ScanDefaultRules:
#             the Hyperscan anchor pass plus every pattern verified at each anchor).
# Prints MB/s (folded bytes per second), spread, the ratios, and peak memory (rules_bench
# holds the whole analysed corpus in memory, so its peak is mostly the corpus, not the scan).
# grep runs with LC_ALL=C, its fastest mode. Not a test: nothing here asserts.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=3
rules_bench="$here/build/bench/rules_bench"
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --rules-bench) rules_bench=$2; shift 2 ;;
    *) dir=$1; shift ;;
  esac
done
[ -n "$dir" ] && [ -d "$dir" ] || { echo "usage: $0 [--rounds N] [--rules-bench PATH] DOC_DIR" >&2; exit 2; }
[ -x "$rules_bench" ] || { echo "rules_bench not built at $rules_bench (VIGIE_BUILD_BENCHMARKS)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$here/bench/common.sh"

"$rules_bench" "$dir" --export "$work" 2>"$work/export.log" || { cat "$work/export.log" >&2; exit 2; }
bytes=$(cat "$work"/folded/*.txt | wc -c)
docs=$(ls "$work/folded" | wc -l)
patterns=$(wc -l < "$work/patterns.ere")
mb=$(echo "$bytes / 1000000" | bc -l)

grep_c() { LC_ALL=C grep -E -c -f "$work/patterns.ere" "$work"/folded/*.txt > /dev/null || true; }
grep_o() { LC_ALL=C grep -E -o -h -f "$work/patterns.ere" "$work"/folded/*.txt | wc -l > "$work/grep-o-count" || true; }
export -f grep_c grep_o
export work

declare -A rates mems
for ((r = 0; r < rounds; r++)); do
  out=$(measure bash -c grep_c)
  rates[grep-c]+="$(echo "$mb / ${out%% *}" | bc -l) "
  mems[grep-c]+="${out##* } "
  out=$(measure bash -c grep_o)
  rates[grep-o]+="$(echo "$mb / ${out%% *}" | bc -l) "
  mems[grep-o]+="${out##* } "
  /usr/bin/time -f '%M' -o "$work/mem" "$rules_bench" "$dir" \
    --benchmark_filter='BM_ScanDefaultRules$' --benchmark_format=csv \
    > "$work/vigie.csv" 2>/dev/null
  # bytes_per_second, printed in scientific notation
  rates[vigie]+="$(grep '^"BM_ScanDefaultRules"' "$work/vigie.csv" | cut -d, -f6 |
    awk '{printf "%f", $1 / 1000000}') "
  mems[vigie]+="$(cat "$work/mem") "
done

echo "# rule scanning: $docs documents of $dir, $(printf '%.1f' "$mb") MB of folded text, $patterns patterns, $rounds rounds, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "# $(grep --version | head -1); vigie rules engine (Hyperscan $(pkg-config --modversion libhs 2>/dev/null || echo '?'))"
printf '%-10s %10s %16s %10s\n' tool "MB/s" "spread MB/s" "peak MiB"
for t in grep-c grep-o vigie; do
  printf '%-10s %10.1f %16s %10.1f\n' "$t" "$(echo "${rates[$t]}" | median)" \
    "$(echo "${rates[$t]}" | minmax)" "$(echo "$(echo "${mems[$t]}" | maxof) / 1024" | bc -l)"
done
v=$(echo "${rates[vigie]}" | median)
printf 'vigie / grep -c: %.2f   vigie / grep -o: %.2f   (grep -o found %s matches)\n' \
  "$(echo "$v / $(echo "${rates[grep-c]}" | median)" | bc -l)" \
  "$(echo "$v / $(echo "${rates[grep-o]}" | median)" | bc -l)" "$(cat "$work/grep-o-count")"
