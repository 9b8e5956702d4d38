#!/usr/bin/env bash
# Indexing and searching: vigie against Xapian's own tools, omindex (xapian-omega) and
# quest (xapian-tools), on the same PDFs in the same run.
#
#   bench/index_vs_omindex.sh [--rounds N] [--queries N] [--no-j1] [--vigie PATH] PDF_DIR
#
# 1. Full indexing, alternating omindex and vigie (--jobs 1 and 2, checks on), a fresh
#    database each time: median wall time, spread, peak memory, ratio to omindex.
# 2. An unchanged re-run of each (nothing to do).
# 3. Search latency: the same fixed queries, one process per query for both tools
#    (vigie search, quest), p50 / p95 / p99.
# --keep DIR keeps the databases (and scratch files) in DIR.
# --no-j1 leaves out vigie --jobs 1 (for large corpora, where each run takes minutes).
# Generate a corpus first, e.g.: build/tools/docgen/vigie-docgen corpus 1 1000 /tmp/c1000 2 40
# Not a test: nothing here asserts.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=3
nqueries=50
vigie="$here/build/cli/vigie"
no_j1=0
keep=""
dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --queries) nqueries=$2; shift 2 ;;
    --vigie) vigie=$2; shift 2 ;;
    --no-j1) no_j1=1; shift ;;
    --keep) keep=$2; shift 2 ;;
    *) dir=$1; shift ;;
  esac
done
[ -n "$dir" ] && [ -d "$dir" ] || { echo "usage: $0 [--rounds N] [--vigie PATH] PDF_DIR" >&2; exit 2; }
[ -x "$vigie" ] || { echo "vigie not built at $vigie" >&2; exit 2; }
command -v omindex >/dev/null || { echo "omindex missing (apt-get install xapian-omega)" >&2; exit 2; }
command -v quest >/dev/null || { echo "quest missing (apt-get install xapian-tools)" >&2; exit 2; }

work=$(mktemp -d)
if [ -n "$keep" ]; then
  # --keep DIR: the databases stay in DIR (to query them again without re-indexing).
  mkdir -p "$keep"
  rmdir "$work"
  work=$(cd "$keep" && pwd)
else
  trap 'rm -rf "$work"' EXIT
fi
files=$(find "$dir" -type f -name '*.pdf' | wc -l)

source "$here/bench/common.sh"

declare -A times mems
configs=("omindex" "vigie-j1" "vigie-j2")
if [ "$no_j1" = 1 ]; then configs=("omindex" "vigie-j2"); fi
for ((r = 0; r < rounds; r++)); do
  for cfg in "${configs[@]}"; do
    rm -rf "$work/db-$cfg"
    case "$cfg" in
      omindex) out=$(measure omindex --db "$work/db-$cfg" --url / "$dir") ;;
      vigie-j1) out=$(measure "$vigie" index add --jobs 1 --db "$work/db-$cfg" "$dir") ;;
      vigie-j2) out=$(measure "$vigie" index add --jobs 2 --db "$work/db-$cfg" "$dir") ;;
    esac
    times[$cfg]+="${out%% *} "
    mems[$cfg]+="${out##* } "
  done
done

echo "# indexing: $files PDFs in $dir, $rounds rounds, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "# $(omindex --version 2>&1 | head -1); vigie $("$vigie" --version | awk '{print $2}') (extract + analyse + check + index)"
base=$(echo "${times[omindex]}" | median)
printf '%-24s %10s %14s %10s %10s\n' config "median s" "spread s" "peak MiB" "ratio"
for cfg in "${configs[@]}"; do
  m=$(echo "${times[$cfg]}" | median)
  printf '%-24s %10.2f %14s %10.1f %10.2f\n' "$cfg" "$m" "$(echo "${times[$cfg]}" | minmax)" \
    "$(echo "$(echo "${mems[$cfg]}" | maxof) / 1024" | bc -l)" "$(echo "$m / $base" | bc -l)"
done

# Unchanged re-runs.
om_re=$(measure omindex --db "$work/db-omindex" --url / "$dir")
vi_re=$(measure "$vigie" index add --jobs 2 --db "$work/db-vigie-j2" "$dir")
printf '%-24s %10.2f\n' "omindex re-run" "${om_re%% *}"
printf '%-24s %10.2f\n' "vigie re-run (unchanged)" "${vi_re%% *}"

# Search latency: fixed queries, words of French tender documents.
queries=("concertation" "restitution publique" "maîtrise d'ouvrage" "conseil citoyen"
  "réunion publique" "bilan de la concertation" "droit d'alerte" "publics éloignés"
  "budget dédié" "comité de pilotage" "ateliers" "co-construction" "calendrier prévisionnel"
  "marché public" "procédure adaptée" "acte d'engagement" "pénalités de retard"
  "tranche optionnelle" "accord-cadre" "bons de commande" "prix global et forfaitaire"
  "délai d'exécution" "critères d'attribution" "valeur technique" "mémoire technique"
  "garantie" "sous-traitance" "avance" "retenue de garantie" "assurance"
  "réception des travaux" "mobilier" "fourniture" "livraison" "maintenance"
  "formation" "diagnostic" "enquête" "questionnaire" "habitants" "associations"
  "commerçants" "quartier" "espace public" "aménagement" "programme" "évaluation"
  "indicateurs" "accessibilité" "langage clair")
queries=("${queries[@]:0:$nqueries}")
lat() {  # tool → latencies in ms, one per query
  local tool=$1 q t0 t1
  for q in "${queries[@]}"; do
    t0=$(date +%s%N)
    case "$tool" in
      quest) quest -d "$work/db-omindex" -m 10 "$q" >/dev/null 2>&1 || true ;;
      vigie) "$vigie" search --db "$work/db-vigie-j2" --limit 10 "$q" >/dev/null 2>&1 || true ;;
    esac
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
  done
}
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR*p+99)/100); if (i<1) i=1; print a[i]}'; }
lat quest >/dev/null  # warm the page cache for both databases
lat vigie >/dev/null
q_l=$(lat quest)
v_l=$(lat vigie)
echo "# search latency over ${#queries[@]} queries (ms, one process per query, 10 results)"
printf '%-10s %6s %6s %6s\n' tool p50 p95 p99
printf '%-10s %6s %6s %6s\n' quest "$(echo "$q_l" | pct 50)" "$(echo "$q_l" | pct 95)" "$(echo "$q_l" | pct 99)"
printf '%-10s %6s %6s %6s\n' vigie "$(echo "$v_l" | pct 50)" "$(echo "$v_l" | pct 95)" "$(echo "$v_l" | pct 99)"
# What a process costs before it searches anything (loading its shared libraries).
startup() {
  local t0 t1 i
  for i in $(seq 20); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
  done | pct 50
}
echo "# process start-up (--version, median of 20): quest $(startup quest --version) ms, vigie $(startup "$vigie" --version) ms"
# The slowest queries, to see what makes the tail.
paste <(printf '%s\n' "${queries[@]}") <(echo "$v_l") <(echo "$q_l") | sort -t$'\t' -k2 -n -r | head -5 |
  awk -F'\t' '{printf "# slowest for vigie: %-28s vigie %4d ms, quest %4d ms\n", "\"" $1 "\"", $2, $3}'
du -sh "$work/db-omindex" "$work/db-vigie-j2" | sed 's|'"$work"'/||'
