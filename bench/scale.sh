#!/usr/bin/env bash
# The shared cache tier and shards, measured on one machine in one run (ratios; asserts nothing).
# Needs: redis-server (and its redis-cli), python3, GNU time; a built narrate (CONFIG=release by default).
#   cold:   a cold render (fresh local cache) without, then with an empty Redis tier (its overhead)
#   warm:   a fresh machine (fresh local cache) rendering from the now warm Redis, against cold
#   shards: estimated audio of the longest / shortest shard for N = 2, 4, 8 on two novels
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-release}
NARRATE=.build/$CONFIG/narrate
BOOK=${BOOK:-../shared/corpus/text/pride-and-prejudice_pg1342.txt}
NOVELS=${NOVELS:-"../shared/corpus/text/pride-and-prejudice_pg1342.txt ../shared/corpus/text/moby-dick_pg2701_full-pg-header.txt"}
REPEAT=${REPEAT:-3}
WORK=$(mktemp -d /tmp/narrate-scale.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" > /dev/null &
REDIS_PID=$!
trap 'kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
REDIS=redis://127.0.0.1:$PORT/0
until redis-cli -p "$PORT" ping > /dev/null 2>&1; do sleep 0.1; done

run() {  # run NAME ARGS… → wall seconds of a render into a fresh folder with a fresh local cache
  local name=$1; shift
  rm -rf "$WORK/out" "$WORK/cache.sqlite"
  /usr/bin/time -f "%e" -o "$WORK/time" "$NARRATE" render "$BOOK" -o "$WORK/out" --cache "$WORK/cache.sqlite" --quiet "$@"
  cat "$WORK/time"
}
best() { sort -n | head -n 1; }
ratio() { python3 -c "print('%.3f' % ($1 / $2))"; }

echo "narrate scale bench: $(basename "$BOOK"), $(nproc) cores, best of $REPEAT"
cold=(); remote=(); warm=()
for _ in $(seq "$REPEAT"); do
  cold+=("$(run cold)")
  redis-cli -p "$PORT" flushall > /dev/null
  remote+=("$(run cold-with-redis --cache-remote "$REDIS")")
  warm+=("$(run warm-redis --cache-remote "$REDIS")")
done
C=$(printf '%s\n' "${cold[@]}" | best); R=$(printf '%s\n' "${remote[@]}" | best); W=$(printf '%s\n' "${warm[@]}" | best)
printf "%-48s %7.2f s\n" "cold render, local cache only" "$C"
printf "%-48s %7.2f s  (%s × the local-only time)\n" "cold render, local + empty Redis (write-behind)" "$R" "$(ratio "$R" "$C")"
printf "%-48s %7.2f s  (%s × the cold time)\n" "fresh machine from a warm Redis" "$W" "$(ratio "$W" "$C")"
echo
echo "shard balance: estimated audio of the longest / shortest shard (narrate plan --shard K/N)"
for novel in $NOVELS; do
  for n in 2 4 8; do
    loads=()
    for k in $(seq "$n"); do
      loads+=("$("$NARRATE" plan "$novel" --shard "$k/$n" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["estimatedDuration"])')")
    done
    python3 - "$(basename "$novel")" "$n" "${loads[@]}" <<'PY'
import sys
name, n, loads = sys.argv[1], sys.argv[2], [float(x) for x in sys.argv[3:]]
print("  %-40s N=%-2s longest %7.0f s, shortest %7.0f s, ratio %.3f" % (name, n, max(loads), min(loads), max(loads) / min(loads) if min(loads) else float("inf")))
PY
  done
done
