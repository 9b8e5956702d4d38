#!/usr/bin/env bash
# Extraction speed: vigie extract against pdftotext (poppler-utils), the tool a user would
# otherwise run, on the same PDFs in the same run, alternating, several rounds.
#
#   bench/extract_vs_pdftotext.sh [--rounds N] [--copies K] [--vigie PATH] [PDF_DIR...]
#
# Default input: the real tenders in ../shared/data/real and corpus-samples/. --copies K
# repeats that set K times (in a temporary folder, as hard links) to measure a "many files"
# run. Prints, per configuration, the median wall time, the spread (min-max), the peak
# resident memory, and the ratio to pdftotext. Not a test: nothing here asserts.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=5
copies=1
vigie="$here/build/cli/vigie"
dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --copies) copies=$2; shift 2 ;;
    --vigie) vigie=$2; shift 2 ;;
    *) dirs+=("$1"); shift ;;
  esac
done
if [ ${#dirs[@]} -eq 0 ]; then
  dirs=("$here/corpus-samples")
  [ -d "$here/../shared/data/real" ] && dirs+=("$here/../shared/data/real")
fi
[ -x "$vigie" ] || { echo "vigie not built at $vigie (cmake --build build)" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "pdftotext missing (apt-get install poppler-utils)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t originals < <(find "${dirs[@]}" -maxdepth 1 -name '*.pdf' -type f | sort)
files=()
for ((c = 0; c < copies; c++)); do
  for f in "${originals[@]}"; do
    link="$work/c$c-$(basename "$f")"
    ln "$f" "$link" 2>/dev/null || cp "$f" "$link"
    files+=("$link")
  done
done
pages=0
for f in "${originals[@]}"; do
  n=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
  pages=$((pages + ${n:-0}))
done
pages=$((pages * copies))

source "$here/bench/common.sh"
pdftotext_all() { for f in "$@"; do pdftotext -q "$f" - >/dev/null; done; }
export -f pdftotext_all

declare -A times mems
configs=("pdftotext" "vigie-j1" "vigie-j2")
for ((r = 0; r < rounds; r++)); do
  for cfg in "${configs[@]}"; do
    case "$cfg" in
      pdftotext) out=$(measure bash -c 'pdftotext_all "$@"' _ "${files[@]}") ;;
      vigie-j1) out=$(measure "$vigie" extract --jobs 1 "${files[@]}") ;;
      vigie-j2) out=$(measure "$vigie" extract --jobs 2 "${files[@]}") ;;
    esac
    times[$cfg]+="${out%% *} "
    mems[$cfg]+="${out##* } "
  done
done


echo "# extract vs pdftotext: ${#files[@]} PDFs, $pages pages, $rounds rounds, $(nproc) cores"
echo "# $(pdftotext -v 2>&1 | head -1); vigie $("$vigie" --version | awk '{print $2}'); $(date -u +%Y-%m-%d)"
base=$(echo "${times[pdftotext]}" | median)
printf '%-10s %10s %15s %10s %12s %14s\n' config median_s spread_s pages/s peak_MiB ratio_vs_pdftotext
for cfg in "${configs[@]}"; do
  m=$(echo "${times[$cfg]}" | median)
  mem=$(echo "${mems[$cfg]}" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1)
  printf '%-10s %10.3f %15s %10.0f %12.1f %14.2f\n' "$cfg" "$m" "$(echo "${times[$cfg]}" | minmax)" \
    "$(echo "$pages / $m" | bc -l)" "$(echo "$mem / 1024" | bc -l)" "$(echo "$m / $base" | bc -l)"
done
echo "# ratio < 1.00 means vigie is faster. vigie also separates headers/footers, rejoins"
echo "# hyphenations, reads metadata and hashes each file; pdftotext only writes text."
