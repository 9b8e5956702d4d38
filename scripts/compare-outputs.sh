#!/usr/bin/env bash
# Byte-identity check of every command's output, for changes that must not change behaviour.
#
#   scripts/compare-outputs.sh run VIGIE OUTDIR   run every command on corpus-samples/ with the
#                                                 binary VIGIE; write each output, stderr and
#                                                 exit status into OUTDIR (created, emptied)
#   scripts/compare-outputs.sh compare DIR_A DIR_B
#                                                 compare two such folders; exit 1 and show
#                                                 the differences when they are not identical
#
# Typical use: `run` with the binary built from main into a folder outside the checkout, then
# after each step `run` with the new binary and `compare` the two folders.
#
# Only what must vary between two runs is normalised: the temporary working folder (@WORK@),
# the dates and times a run writes (@DATETIME@) and process ids in temporary file names
# (@PID@). Input files get a fixed mtime, so records and reports holding it do not vary.
set -euo pipefail

usage() {
  sed -n '2,10p' "$0" >&2
  exit 2
}

normalise() {  # FILE WORK: rewrite FILE in place
  local file=$1 work=$2
  WORK="$work" perl -pi -e '
    s/\Q$ENV{WORK}\E/\@WORK\@/g;
    # The date and time a run writes: "generated" in JSON audit reports, the last update in
    # index stats.
    s/("generated": ")[^"]*"/$1\@DATETIME\@"/g;
    s/(dernière mise à jour : )\d\d\/\d\d\/\d{4} \d\d:\d\d/$1\@DATETIME\@/g;
    # Temporary files named after a process id.
    s/(\.(?:tmp|merge-journal)\.)\d+/$1\@PID\@/g;
  ' "$file"
}

# Runs `vigie ARGS...` as step NAME: NAME.out, NAME.err and NAME.status in $out.
step() {
  local name=$1
  shift
  local status=0
  (cd "$work" && NO_COLOR=1 "$vigie" "$@" >"$out/$name.out" 2>"$out/$name.err") || status=$?
  echo "$status" >"$out/$name.status"
}

# Copies a file the command wrote (a report) into $out as NAME.
keep() {
  local name=$1 file=$2
  if [ -e "$file" ]; then
    cp "$file" "$out/$name"
  else
    echo "(absent)" >"$out/$name"
  fi
}

run_all() {
  local samples=$repo/corpus-samples
  local docs=$work/docs
  mkdir -p "$docs"
  cp "$samples"/*.pdf "$samples"/*.docx "$samples"/*.odt "$docs"/
  touch -d '2025-01-01 12:00:00 UTC' "$docs"/*
  local files=()
  for f in "$docs"/*; do files+=("docs/$(basename "$f")"); done

  # extract and analyze: each format, all files at once, one by one, and a missing file.
  for fmt in text json; do
    step "extract.$fmt" extract --format "$fmt" --jobs 2 "${files[@]}" docs/absent.pdf
    step "analyze.$fmt" analyze --format "$fmt" --jobs 2 "${files[@]}" docs/absent.pdf
  done
  step extract.furniture extract --show-furniture --keep-hyphens "${files[@]}"
  step extract.keep-furniture extract --keep-furniture --format json "${files[@]}"
  for f in "${files[@]}"; do
    local b
    b=$(basename "$f")
    step "analyze.sentences.$b" analyze --sentences "$f"
    step "check.text.$b" check "$f"
    step "check.json.$b" check --format json "$f"
  done

  # check: the three formats over every file, the failing levels, rulesets, -o.
  for fmt in text json html; do
    step "check.all.$fmt" check --format "$fmt" --fail-on never --jobs 2 "${files[@]}" \
      docs/absent.pdf
  done
  step check.all.html.file check --format html -o check.html "${files[@]}"
  keep check.html check.html
  step check.all.json.file check --format json -o check.json --fail-on avertissement \
    "${files[@]}"
  keep check.json check.json
  step check.fail-on.suggestion check --fail-on suggestion "${files[@]}"
  step check.rules.presupposes check --rules presupposes "${files[@]}"
  step check.rules.participation check --rules participation --rules commande "${files[@]}"
  # A project configuration beside the file (vigie.toml), one given with --config, a bad one.
  mkdir -p "$work/project" "$work/bad-project"
  cp "$docs/amo-concertation-cctp-faible.docx" "$work/project/"
  cp "$docs/amo-concertation-cctp-faible.docx" "$work/bad-project/"
  cat >"$work/project/vigie.toml" <<'EOF'
[rules]
disable = ["participation.evaluation"]

[rules.severity]
"participation.gouvernance" = "suggestion"

[[waive]]
rule = "presuppose.consensus"
justification = "Vote unanime du conseil de quartier du 3 mai 2025."
EOF
  cat >"$work/bad-project/vigie.toml" <<'EOF'
[rules]
disabled = ["participation.evaluation"]

[[waive]]
rule = "presuppose.consensus"
EOF
  step check.config.beside check project/amo-concertation-cctp-faible.docx
  step check.config.json check --format json project/amo-concertation-cctp-faible.docx
  step check.config.given check --format html --config project/vigie.toml "${files[@]}"
  step check.config.bad check bad-project/amo-concertation-cctp-faible.docx
  step check.output-missing-folder check -o no/such/dir/r.html --format html "${files[0]}"

  # rules
  step rules.list rules list
  step rules.list.presupposes rules list --rules presupposes
  local ids
  ids=$(NO_COLOR=1 "$vigie" rules list | grep -oE '^ *[a-z]+\.[a-z0-9_.-]+' | tr -d ' ' || true)
  for id in $ids; do
    step "rules.show.$id" rules show "$id"
  done
  step rules.show.unknown rules show no.such-rule
  step rules.test rules test

  # index: add (twice: the second run skips everything), search, similar, list, stats, remove.
  step index.add index add --db index --jobs 2 docs
  step index.add.again index add --db index --jobs 2 docs
  local q=0
  for query in "droit d'alerte" 'restitution publique kind:CCTP' \
    'missing:participation.restitution' 'flagged:presupposes.consensus' 'concertation year:2025' \
    '"réunion publique"' 'concert*' 'habitants NEAR/5 quartier' 'mobilier' 'zzzqqq' \
    'participaton'; do
    q=$((q + 1))
    step "search.$q.text" search --db index "$query"
    step "search.$q.json" search --db index --format json "$query"
  done
  step search.page search --db index --limit 2 --offset 1 concertation
  step search.bad-query search --db index 'kind:'
  for f in "${files[@]}"; do
    step "similar.text.$(basename "$f")" similar --db index "$f"
    step "similar.json.$(basename "$f")" similar --db index --format json --limit 3 "$f"
  done
  step index.list index list --db index
  step index.list.json index list --db index --format json 'kind:CCTP'
  step index.stats index stats --db index
  step index.remove index remove --db index "docs/$(basename "${files[0]}")"
  step index.list.after-remove index list --db index

  # audit: folders, a ZIP of a tender, every report, shards and their merge, --index.
  mkdir -p "$work/archive/dce-amo"
  cp "$docs"/*.docx "$docs"/*.odt "$docs"/npnru-*.pdf "$docs"/fournitures-*.pdf "$work/archive/"
  cp "$docs"/amo-concertation-*.pdf "$work/archive/dce-amo/"
  touch -d '2025-01-01 12:00:00 UTC' "$work/archive/dce-amo"/*
  (cd "$work/archive/dce-amo" && TZ=UTC zip -q -X ../dce-amo.zip ./*.pdf)
  rm -r "$work/archive/dce-amo"
  touch -d '2025-01-01 12:00:00 UTC' "$work/archive"/*
  step audit audit --jobs 2 archive -r audit.html -r audit.csv -r audit.json \
    --journal audit.journal
  for r in audit.html audit.csv audit-constats.csv audit-problemes.csv audit-dossiers.csv \
    audit.json; do
    keep "$r" "$work/$r"
  done
  step audit.excel audit --jobs 2 --csv-excel archive -r excel.csv --journal excel.journal
  for r in excel.csv excel-constats.csv excel-problemes.csv excel-dossiers.csv; do
    keep "$r" "$work/$r"
  done
  step audit.resume audit --jobs 2 --resume archive -r audit.json --journal audit.journal
  keep audit.resumed.json "$work/audit.json"
  step audit.shard1 audit --jobs 2 --shard 1/2 archive -r part1.json
  step audit.shard2 audit --jobs 2 --shard 2/2 archive -r part2.json
  keep part1.json "$work/part1.json"
  keep part2.json "$work/part2.json"
  step audit.merge audit merge part1.json part2.json -r merged.html -r merged.json
  keep merged.html "$work/merged.html"
  keep merged.json "$work/merged.json"
  step audit.index audit --jobs 2 --index --db audit-index archive -r indexed.json
  keep indexed.json "$work/indexed.json"
  step audit.index.list index list --db audit-index
  step audit.index.search search --db audit-index --format json 'missing:participation.restitution'
  step audit.bad-report audit archive -r audit.txt
  step audit.bad-shard audit archive --shard 3/2

  for f in "$out"/*; do
    normalise "$f" "$work"
  done
}

[ $# -ge 1 ] || usage
repo=$(cd "$(dirname "$0")/.." && pwd)
case $1 in
  run)
    [ $# -eq 3 ] || usage
    vigie=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
    [ -x "$vigie" ] || { echo "$2: not an executable" >&2; exit 2; }
    rm -rf "$3"
    mkdir -p "$3"
    out=$(cd "$3" && pwd)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    run_all
    echo "$(find "$out" -type f | wc -l) outputs in $out"
    ;;
  compare)
    [ $# -eq 3 ] || usage
    if diff -r "$2" "$3" >/dev/null; then
      echo "identical: $(find "$2" -type f | wc -l) outputs"
    else
      diff -r "$2" "$3" | head -200
      echo "DIFFERENT: $(diff -rq "$2" "$3" | wc -l) output(s) differ" >&2
      exit 1
    fi
    ;;
  *) usage ;;
esac
