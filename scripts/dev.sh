#!/usr/bin/env bash
# The two set-up commands of the README.
#   scripts/dev.sh demo   install dependencies, build, and run vigie on corpus-samples/
#   scripts/dev.sh test   install dependencies, build (warnings as errors) and run every test,
#                         then the same under AddressSanitizer + UndefinedBehaviorSanitizer
#                         (clang), with a short run of each libFuzzer harness (docs/fuzzing.md)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/install-deps.sh

configure_build() {  # DIR, extra cmake arguments...
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" ${VIGIE_BUILD_TARGET:+--target "$VIGIE_BUILD_TARGET"}
}

case "$mode" in
  demo)
    configure_build build -DCMAKE_BUILD_TYPE=Release -DVIGIE_WARNINGS_AS_ERRORS=OFF -DVIGIE_SANITIZE=OFF
    echo
    echo "=== vigie extract : texte du CCTP d'AMO concertation (pages 1 et 7) ==="
    ./build/cli/vigie extract corpus-samples/amo-concertation-cctp.pdf | sed -n '1,25p'
    echo "[...]"
    ./build/cli/vigie extract corpus-samples/amo-concertation-cctp.pdf | sed -n '/^\[page 7\/7\]/,$p'
    echo
    echo "=== vigie extract : tous les échantillons (pages et diagnostics) ==="
    for f in corpus-samples/*.pdf corpus-samples/*.docx corpus-samples/*.odt; do
      pages=$(./build/cli/vigie extract "$f" 2>/dev/null | grep -c '^\[page ' || true)
      printf '%-45s %s page(s)\n' "$f" "$pages"
    done
    ./build/cli/vigie extract corpus-samples/amo-concertation-ae-scan.pdf >/dev/null
    echo
    echo "=== vigie analyze : le CCTP faible (type, participation, marché, plan) ==="
    ./build/cli/vigie analyze corpus-samples/amo-concertation-cctp-faible.docx
    echo
    echo "=== vigie analyze : le CCTP de fournitures (pièges « participation ») ==="
    ./build/cli/vigie analyze corpus-samples/fournitures-mobilier-cctp.pdf | sed -n '1,12p'
    echo
    echo "=== vigie check : le CCTP faible (clauses manquantes, contredites, présupposés) ==="
    ./build/cli/vigie check --fail-on never corpus-samples/amo-concertation-cctp-faible.docx
    echo
    echo "=== vigie check : le CCTP bien spécifié (résumé) ==="
    ./build/cli/vigie check --fail-on never corpus-samples/amo-concertation-cctp.pdf | sed -n '1,8p'
    echo
    echo "=== vigie check : le CCTP de fournitures (non applicable, et pourquoi) ==="
    ./build/cli/vigie check --fail-on never corpus-samples/fournitures-mobilier-cctp.pdf | tail -n 2
    ./build/cli/vigie check --fail-on never --format html -o build/rapport-echantillons.html \
      corpus-samples/*.pdf corpus-samples/*.docx corpus-samples/*.odt 2>/dev/null
    echo
    echo "Rapport HTML de tous les échantillons : build/rapport-echantillons.html"
    echo
    echo "=== vigie index add : les échantillons dans build/demo-index ==="
    rm -rf build/demo-index build/demo-docs && mkdir -p build/demo-docs
    cp corpus-samples/*.pdf corpus-samples/*.docx corpus-samples/*.odt build/demo-docs/
    ./build/cli/vigie index add --db build/demo-index build/demo-docs
    echo
    echo "=== vigie search : « droit d'alerte » (sans accent, forme élidée) ==="
    ./build/cli/vigie search --db build/demo-index "droit d'alerte"
    echo
    echo "=== vigie search : documents où la restitution manque, CCTP seulement ==="
    ./build/cli/vigie search --db build/demo-index 'missing:participation.restitution kind:cctp'
    echo
    echo "=== vigie audit : les échantillons, dont un dossier ZIP (rapport build/audit-echantillons.html) ==="
    rm -rf build/demo-audit && mkdir -p build/demo-audit
    (cd corpus-samples && zip -q -j ../build/demo-audit/dce-amo-concertation.zip amo-concertation-*.pdf)
    cp corpus-samples/*.docx corpus-samples/*.odt corpus-samples/npnru-*.pdf \
      corpus-samples/fournitures-*.pdf build/demo-audit/
    ./build/cli/vigie audit build/demo-audit -r build/audit-echantillons.html \
      -r build/audit-echantillons.csv
    ;;
  test)
    # Formatting: every C++ file as .clang-format says.
    git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
    # CI build: warnings are errors.
    configure_build build-ci -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIE_WARNINGS_AS_ERRORS=ON
    (cd build-ci && ctest --output-on-failure -j "$jobs")
    # Sanitizer build (clang): every test again under ASan + UBSan, with the libFuzzer
    # harnesses built in the same tree; their short runs from the seed corpus are the tests
    # labelled "fuzz" (docs/fuzzing.md). One build for both saves a third compilation.
    CC=clang CXX=clang++ configure_build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DVIGIE_WARNINGS_AS_ERRORS=ON -DVIGIE_SANITIZE=ON -DVIGIE_FUZZ=ON
    (cd build-asan &&
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      LSAN_OPTIONS=suppressions=$PWD/../tests/lsan.supp:print_suppressions=0 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --output-on-failure -j "$jobs")
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test" >&2
    exit 2
    ;;
esac
