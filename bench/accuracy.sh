#!/usr/bin/env bash
# Verdict accuracy of `vigie check` on the labelled evaluation set (eval/), development and
# blind halves apart, with a keyword baseline beside. See bench/accuracy.py for the figures.
#
#   bench/accuracy.sh [--vigie PATH] [--show-failures] [--floor eval/floor.yaml] [--json OUT]
#
# --show-failures lists the development half's failures only: blind documents are counted,
# never shown (eval/README.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/bench/accuracy.py" --root "$here" "$@"
