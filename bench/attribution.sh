#!/usr/bin/env bash
# bench/attribution.sh [BINARY]: what attribution costs. Plans a whole novel (Pride and
# Prejudice, 61 chapters) without a cast and with the cast of the attribution test, in the same
# run, alternating, RUNS times each (default 5), and prints the median wall time of each and
# their ratio. The goal (issue #18): with a cast, planning costs less than twice as much.
#   BOOK=… CAST=… RUNS=… bench/attribution.sh .build/release/narrate
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY=$(realpath "${1:-.build/debug/narrate}")
CORPUS=${CORPUS:-../shared/corpus}
BOOK=${BOOK:-$CORPUS/text/pride-and-prejudice_pg1342.txt}
CAST=${CAST:-Tests/NarrateCoreTests/Fixtures/pride-and-prejudice.cast.yaml}
RUNS=${RUNS:-5}

# seconds BINARY ARGS…: the wall time of one plan, output discarded.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null || { echo "failed: $*" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

without=(); with=()
for _ in $(seq "$RUNS"); do
  without+=("$(seconds "$BINARY" plan "$BOOK" --no-voice-files --json)")
  with+=("$(seconds "$BINARY" plan "$BOOK" --voices "$CAST" --json)")
done
a=$(printf '%s\n' "${without[@]}" | median)
b=$(printf '%s\n' "${with[@]}" | median)
printf 'plan %s, %d runs each (median wall time)\n' "$(basename "$BOOK")" "$RUNS"
printf '  without a cast  %6.2f s\n' "$a"
printf '  with the cast   %6.2f s\n' "$b"
printf '  ratio           %6.2f (goal: < 2)\n' "$(echo "$b / $a" | bc -l)"
