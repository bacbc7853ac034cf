#!/usr/bin/env bash
# bench/identical.sh OLD_BINARY NEW_BINARY: proves that a change left narrate's output as it was.
# For a few corpus books it renders with both binaries, in the same modes, and compares what
# came out: plan --json, manifest.json, playlist and caption files, the run report (its timings
# and peak RSS left out, they differ from run to run) and the audio of every output file, decoded
# by ffmpeg to 16-bit PCM (sha256), and its bytes. Prints one line per check; exit 1 on any
# difference. Fast settings (450 wpm, 32 kbit/s, LAME -q 9) keep it to a few minutes.
#   BOOKS="a.txt b.epub" bench/identical.sh … picks other books; KEEP=1 keeps the work folder.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 OLD_BINARY NEW_BINARY" >&2; exit 64; }
OLD=$(realpath "$1"); NEW=$(realpath "$2")
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus}
BOOKS=${BOOKS:-"$CORPUS/text/alice-in-wonderland_pg11.txt $CORPUS/text/die-verwandlung_pg22367_de.txt $CORPUS/epub-valid/christmas-carol_gutenberg-epub2.epub"}
FAST=(--rate 450 --bitrate 32 --quality 9 --progress none -q)
WORK=$(mktemp -d /tmp/narrate-identical.XXXXXX)
[ -n "${KEEP:-}" ] && echo "work folder: $WORK" || trap 'rm -rf "$WORK"' EXIT
FAILED=0

ok()   { printf '  %-58s same\n' "$1"; }
bad()  { printf '  %-58s DIFFERENT %s\n' "$1" "$2"; FAILED=1; }

# The run report without what legitimately differs between two runs.
report() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for key in ("realtimeFactor", "latency", "peakRSSBytes"): r.pop(key, None)
r.get("seconds", {}).pop("wall", None)
r["output"] = r.get("output", "").replace(sys.argv[2], "OUT")
print(json.dumps(r, sort_keys=True, indent=1))' "$1" "$2"
}

pcm() { ffmpeg -nostdin -v error -i "$1" -f s16le -ac 1 - | sha256sum | cut -d' ' -f1; }

# compare NAME: OLD and NEW outputs of one mode, in $WORK/{old,new}/NAME
compare() {
  local name=$1 o=$WORK/old/$1 n=$WORK/new/$1
  if [ -f "$o.status" ] && ! cmp -s "$o.status" "$n.status"; then
    bad "$name: exit status" "($(cat "$o.status") → $(cat "$n.status"))"
  fi
  if [ -f "$o.json" ]; then
    if cmp -s <(report "$o.json" "$o") <(report "$n.json" "$n"); then ok "$name: run report"; else
      bad "$name: run report" "$(diff <(report "$o.json" "$o") <(report "$n.json" "$n") | head -5 | tr '\n' ' ')"; fi
  fi
  if [ -d "$o" ]; then
    if ! cmp -s <(cd "$o" && find . -type f | sort) <(cd "$n" && find . -type f | sort); then
      bad "$name: file list" "$(diff <(cd "$o" && find . -type f | sort) <(cd "$n" && find . -type f | sort) | head -4 | tr '\n' ' ')"
    fi
    local audio=0 same=0
    while read -r f; do
      [ -f "$n/$f" ] || continue
      case "$f" in
        *.mp3|*.wav|*.flac)
          audio=$((audio + 1))
          if [ "$(pcm "$o/$f")" != "$(pcm "$n/$f")" ]; then bad "$name: $f" "(decoded PCM)"
          elif ! cmp -s "$o/$f" "$n/$f"; then bad "$name: $f" "(bytes; PCM same)"
          else same=$((same + 1)); fi ;;
        *) if cmp -s "$o/$f" "$n/$f"; then ok "$name: $f"; else bad "$name: $f" "$(diff "$o/$f" "$n/$f" | head -4 | tr '\n' ' ')"; fi ;;
      esac
    done < <(cd "$o" && find . -type f | sed 's|^\./||' | sort)
    [ "$audio" -gt 0 ] && printf '  %-58s %s\n' "$name: audio files, PCM and bytes" "$same of $audio same"
  fi
  if [ -f "$o.mp3" ]; then
    if [ "$(pcm "$o.mp3")" != "$(pcm "$n.mp3")" ]; then bad "$name: audio" "(decoded PCM)"
    elif ! cmp -s "$o.mp3" "$n.mp3"; then bad "$name: audio" "(bytes, e.g. the chapter marks; PCM same)"
    else ok "$name: audio, PCM and bytes"; fi
  fi
  for ext in srt vtt; do
    [ -f "$o.$ext" ] || continue
    if cmp -s "$o.$ext" "$n.$ext"; then ok "$name: captions .$ext"; else bad "$name: captions .$ext" ""; fi
  done
  if [ -f "$o.stream" ]; then
    if cmp -s "$o.stream" "$n.stream"; then ok "$name: standard output bytes"; else bad "$name: standard output" "(bytes)"; fi
  fi
}

# run NAME ARGS...: the same command with both binaries, side by side; OUT in ARGS stands for
# the output path, CACHE for each side's own cache file.
run() {
  local name=$1; shift
  one old "$OLD" "$name" "$@" & local pid=$!
  one new "$NEW" "$name" "$@"
  wait "$pid"
  compare "$name"
}

one() {
  local side=$1 bin=$2 name=$3; shift 3
  local out=$WORK/$side/$name args=() status=0
  for a in "$@"; do a=${a//OUT/$out}; args+=("${a//CACHE/$WORK/$side/cache.sqlite}"); done
  if [[ " $* " == *" -o - "* ]]; then
    "$bin" "${args[@]}" > "$out.stream" 2> "$out.err" || status=$?
  elif [[ " $* " == *" --json "* ]]; then
    "$bin" "${args[@]}" > "$out.json" 2> "$out.err" || status=$?
  else
    "$bin" "${args[@]}" > "$out.out" 2> "$out.err" || status=$?
  fi
  echo "$status" > "$out.status"
  [ "$status" -eq 0 ] || echo "  ($side $name exited $status: $(head -c 300 "$out.err"))"
}

mkdir -p "$WORK/old" "$WORK/new"
first=$(basename "${BOOKS%% *}"); first=${first%%_*}
for book in $BOOKS; do
  b=$(basename "$book"); b=${b%%_*}
  echo "== $b"
  for side in old new; do
    bin=$OLD; [ $side = new ] && bin=$NEW
    "$bin" plan "$book" --json --rate 450 > "$WORK/$side/$b-plan.json" 2>/dev/null
  done
  if cmp -s "$WORK/old/$b-plan.json" "$WORK/new/$b-plan.json"; then ok "plan --json"; else bad "plan --json" ""; fi
  rm -f "$WORK"/{old,new}/cache.sqlite*
  run "$b-chapters-cold-cache" render "$book" -o OUT "${FAST[@]}" --cache CACHE --jobs 2 --captions vtt --json
  if [ "$b" = "$first" ]; then  # the slower modes, on the first book only
    run "$b-chapters-no-cache" render "$book" -o OUT "${FAST[@]}" --no-cache --jobs 2 --json
    run "$b-chapters-loudness-off-jobs-1" render "$book" -o OUT "${FAST[@]}" --cache CACHE --jobs 1 --loudness off --json
    run "$b-single-file-no-cache" render "$book" --single-file -o OUT.mp3 "${FAST[@]}" --no-cache --jobs 2 --json
    run "$b-stdout-mp3-loudness-no-cache" render "$book" -o - "${FAST[@]}" --no-cache --loudness -18 --jobs 2
  fi
  run "$b-single-file-cached" render "$book" --single-file -o OUT.mp3 "${FAST[@]}" --cache CACHE --captions srt --json
  run "$b-stdout-wav-cached" render "$book" -o - --format wav "${FAST[@]}" --cache CACHE --jobs 2
  # The same folder again: nothing changed, every chapter reused; then two chapters re-rendered.
  for side in old new; do cp -r "$WORK/$side/$b-chapters-cold-cache" "$WORK/$side/$b-rerun"; done
  run "$b-rerun" render "$book" -o OUT "${FAST[@]}" --cache CACHE --jobs 2 --captions vtt --json
  run "$b-rerun" render "$book" -o OUT "${FAST[@]}" --cache CACHE --jobs 2 --captions vtt --chapters 2-3 --loudness -20 --json
done
run "say-wav" say "“Hello,” said Alice. It is 3 o'clock." -o OUT.wav
cmp -s "$WORK/old/say-wav.wav" "$WORK/new/say-wav.wav" && ok "say: wav bytes" || bad "say: wav" "(bytes)"
run "say-stdout" say "A line read to standard output." -o - --format wav

echo
if [ "$FAILED" -eq 0 ]; then echo "identical: every check the same"; else echo "identical: DIFFERENCES (above)"; exit 1; fi
