#!/usr/bin/env bash
# A full audit: pages per second with 1 and 2 worker processes, peak memory, against what a
# user would otherwise script (pdftotext piped into grep -E, two files at a time).
#
#   bench/audit_jobs.sh [--rounds N] [--per-zip N] [--vigie PATH] PDF_DIR
#
# The PDFs of PDF_DIR are packed into tender archives of --per-zip documents (ZIP, as buyers
# publish them); vigie audits the archives (read in memory, extraction, analysis, every
# rule, JSON report), the peer reads the loose PDFs. Runs alternate; medians, spread, pages
# per second, peak memory (the largest process: vigie's parent or one of its workers) and
# the speed-up of --jobs 2 over --jobs 1.
# Generate a corpus first, e.g.: build/tools/docgen/vigie-docgen corpus 1 1000 /tmp/c1000 2 40
# Not a test: nothing here asserts.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=3
per_zip=10
vigie="$here/build/cli/vigie"
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --per-zip) per_zip=$2; shift 2 ;;
    --vigie) vigie=$2; shift 2 ;;
    *) dir=$1; shift ;;
  esac
done
[ -n "$dir" ] && [ -d "$dir" ] || { echo "usage: $0 [--rounds N] [--per-zip N] [--vigie PATH] PDF_DIR" >&2; exit 2; }
[ -x "$vigie" ] || { echo "vigie not built at $vigie" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "pdftotext missing (apt-get install poppler-utils)" >&2; exit 2; }
command -v zip >/dev/null || { echo "zip missing (apt-get install zip)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$here/bench/common.sh"

# Tender archives of $per_zip PDFs each.
mkdir -p "$work/archives"
find "$dir" -maxdepth 1 -type f -name '*.pdf' | sort > "$work/pdfs"
files=$(wc -l < "$work/pdfs")
split -l "$per_zip" -d -a 5 "$work/pdfs" "$work/group-"
for g in "$work"/group-*; do
  zip -q -j "$work/archives/dce-${g##*-}.zip" $(cat "$g")
done
zips=$(ls "$work/archives" | wc -l)

# The peer: every PDF's text through grep -E with participation words, two at a time.
pattern='concertation|restitution|droit d.alerte|co-construction|habitants sont favorables|fait consensus'
cat > "$work/peer.sh" <<EOF
#!/bin/sh
pdftotext -q "\$1" - | grep -c -i -E '$pattern' || true
EOF
chmod +x "$work/peer.sh"

declare -A times mems
configs=("vigie-j1" "vigie-j2" "pdftotext+grep-P2")
for ((r = 0; r < rounds; r++)); do
  for cfg in "${configs[@]}"; do
    rm -f "$work"/report-*
    case "$cfg" in
      vigie-j1) out=$(measure "$vigie" audit --jobs 1 "$work/archives" -r "$work/report-j1.json") ;;
      vigie-j2) out=$(measure "$vigie" audit --jobs 2 "$work/archives" -r "$work/report-j2.json") ;;
      pdftotext+grep-P2) out=$(measure xargs -a "$work/pdfs" -P 2 -n 1 "$work/peer.sh") ;;
    esac
    times[$cfg]+="${out%% *} "
    mems[$cfg]+="${out##* } "
  done
done
"$vigie" audit --jobs 2 "$work/archives" -r "$work/report.json" >/dev/null 2>&1
pages=$(grep -o '"pages": [0-9]*' "$work/report.json" | head -1 | awk '{print $2}')
read_docs=$(grep -o '"read": [0-9]*' "$work/report.json" | head -1 | awk '{print $2}')

echo "# audit: $files PDFs ($pages pages, $read_docs read) in $zips ZIP archives, $rounds rounds, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "# vigie $("$vigie" --version | awk '{print $2}') (archive + extract + analyse + all rules + JSON report); $(pdftotext -v 2>&1 | head -1)"
printf '%-22s %10s %14s %10s %10s\n' config "median s" "spread s" "pages/s" "peak MiB"
for cfg in "${configs[@]}"; do
  m=$(echo "${times[$cfg]}" | median)
  printf '%-22s %10.2f %14s %10.0f %10.1f\n' "$cfg" "$m" "$(echo "${times[$cfg]}" | minmax)" \
    "$(echo "$pages / $m" | bc -l)" "$(echo "$(echo "${mems[$cfg]}" | maxof) / 1024" | bc -l)"
done
j1=$(echo "${times[vigie-j1]}" | median)
j2=$(echo "${times[vigie-j2]}" | median)
peer=$(echo "${times[pdftotext+grep-P2]}" | median)
printf 'speed-up --jobs 2 / --jobs 1: %.2f\n' "$(echo "$j1 / $j2" | bc -l)"
printf 'vigie-j2 time / pdftotext+grep-P2 time: %.2f\n' "$(echo "$j2 / $peer" | bc -l)"
