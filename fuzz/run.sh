#!/usr/bin/env bash
# Runs one libFuzzer harness from a seed corpus built from the project's own samples.
#   fuzz/run.sh TARGET SECONDS [BINARY]
# TARGET: extract_pdf extract_docx extract_odt extract_text archive rules query
# BINARY defaults to build-fuzz/fuzz/fuzz_TARGET (cmake -DVIGIE_FUZZ=ON, docs/fuzzing.md).
# Inputs found are kept in $VIGIE_FUZZ_WORK/TARGET (default build-fuzz/fuzz-work): corpus/
# grows from run to run; a crash, hang or leak is written there as crash-*, timeout-*,
# leak-* and the run fails. Extra libFuzzer flags can be given in $VIGIE_FUZZ_FLAGS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: fuzz/run.sh TARGET SECONDS [BINARY]}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS [BINARY]}
binary=${3:-$root/build-fuzz/fuzz/fuzz_$target}
work=${VIGIE_FUZZ_WORK:-$root/build-fuzz/fuzz-work}/$target
[ -x "$binary" ] || { echo "run.sh: no harness at $binary (build with -DVIGIE_FUZZ=ON)" >&2; exit 2; }

seeds=$work/seeds
rm -rf "$seeds"
mkdir -p "$seeds" "$work/corpus"
add() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$seeds/"; done; return 0; }
shopt -s nullglob
case "$target" in
  extract_pdf) add "$root"/corpus-samples/*.pdf "$root"/tests/data/*.pdf "$root"/tests/data/shared/malformed/*.pdf ;;
  extract_docx) add "$root"/corpus-samples/*.docx "$root"/tests/data/*.docx ;;
  extract_odt) add "$root"/corpus-samples/*.odt "$root"/tests/data/*.odt ;;
  extract_text)
    add "$root"/tests/data/*.txt "$root"/tests/data/*.src
    # The text of the samples (their sources), cut to 4 KiB each: short inputs fuzz faster.
    for f in "$root"/corpus-samples/*.src; do head -c 4096 "$f" >"$seeds/$(basename "$f").txt"; done
    ;;
  archive)
    add "$root"/corpus-samples/*.docx "$root"/corpus-samples/*.odt
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$root/corpus-samples" && zip -q -j "$tmp/set.zip" jardin-partage-ccp.odt \
      amo-concertation-cctp-faible.docx README.md)
    (cd "$root/tests/data" && zip -q -j "$tmp/small.zip" latin1-cp1252.txt utf16-bom.txt)
    (cd "$tmp" && zip -q nested.zip small.zip && zip -q -0 stored.zip small.zip)
    add "$tmp"/*.zip
    ;;
  rules) add "$root"/rules/rulesets/*.yaml ;;
  query)
    n=0
    while IFS= read -r line; do
      n=$((n + 1))
      printf '%s' "$line" >"$seeds/query-$n"
    done <"$root/fuzz/queries.txt"
    ;;
  *) echo "run.sh: unknown target $target" >&2; exit 2 ;;
esac
# Reproducers of what earlier sessions found: kept as seeds, so they stay covered.
add "$root"/tests/data/fuzz/"$target"/*

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$work"
# shellcheck disable=SC2086
exec "$binary" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
  -artifact_prefix="$work/" ${VIGIE_FUZZ_FLAGS:-} "$work/corpus" "$seeds"
