#!/usr/bin/env bash
# Market facts read by `vigie analyze` (kind, buyer, object, procedure, deadline, amount,
# duration, CPV, place...) scored against the hand labels of eval/metadata/, dev and blind
# parts apart. See bench/metadata.py for the figures and eval/metadata/README.md for the rules.
#
#   bench/metadata.sh [--vigie PATH] [--show-failures] [--json [OUT]] [--floor FILE] [-j N]
#
# The binary is --vigie, else $VIGIE, else build/cli/vigie. --show-failures lists the dev
# part's wrong and missing values only: blind documents are counted, never shown.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$here/bench/metadata.py" --root "$here" "$@"
