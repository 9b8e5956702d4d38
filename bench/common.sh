# Shared by the benchmark scripts: timing with peak memory, and summaries of repeated runs.

# Runs a command, prints "seconds peak_kib". Needs $work (a temporary folder).
measure() {
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/mem" "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l) $(cat "$work/mem")"
}
# Space-separated numbers on stdin → their median, "min-max", their largest.
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
minmax() { tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR==1{mn=$1} {mx=$1} END {printf "%.3f-%.3f", mn, mx}'; }
maxof() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }
