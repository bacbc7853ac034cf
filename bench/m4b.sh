#!/usr/bin/env bash
# make bench-audiobook: encoding a corpus novel to M4B (AAC through FFmpeg) against MP3 (LAME), in the
# same run, from the same warm cache, so only assembly and encoding are timed. Prints times,
# sizes and ratios; asserts nothing. Needs: GNU time, bc, ffprobe.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOK=${BOOK:-../shared/corpus/text/pride-and-prejudice_pg1342.txt}
BITRATE=${BITRATE:-64}; REPEAT=${REPEAT:-2}; PER_CHAPTER=${PER_CHAPTER:-1}  # PER_CHAPTER=0: one-file runs only
NARRATE=${NARRATE:-.build/release/narrate}
WORK=$(mktemp -d /tmp/narrate-bench-m4b.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
CORES=$(nproc)

best() {  # best NAME CMD... → the shortest wall time of REPEAT runs, in seconds
  local name=$1; shift
  local best=""
  for _ in $(seq "$REPEAT"); do
    rm -rf "$WORK/out.$name"
    /usr/bin/time -f "%e" -o "$WORK/time.$name" "$@" > /dev/null 2> "$WORK/err.$name" || {
      echo "bench: '$name' failed:"; cat "$WORK/err.$name"; exit 1; }
    local wall; wall=$(tail -n 1 "$WORK/time.$name")
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then best=$wall; fi
  done
  echo "$best"
}
size() { du -cb "$@" | tail -n 1 | cut -f1; }
mb() { echo "scale=2; $1 / 1048576" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }

echo "narrate M4B bench: $(basename "$BOOK"), $BITRATE kbit/s mono, $CORES cores, best of $REPEAT"
COMMON=(--cache "$WORK/cache.sqlite" --bitrate "$BITRATE" -q)
# Synthesis once, into the cache: every timed run below reads the same segments.
$NARRATE cache warm "$BOOK" --cache "$WORK/cache.sqlite" > /dev/null

ONE_MP3=$(best mp3-single $NARRATE render "$BOOK" --single-file -o "$WORK/out.mp3-single/book.mp3" "${COMMON[@]}")
ONE_M4B=$(best m4b $NARRATE render "$BOOK" --format m4b -o "$WORK/out.m4b/book.m4b" "${COMMON[@]}")
if [ "$PER_CHAPTER" = 1 ]; then
  DIR_MP3=$(best mp3-chapters $NARRATE render "$BOOK" -o "$WORK/out.mp3-chapters" --jobs "$CORES" "${COMMON[@]}")
  DIR_M4A=$(best m4a-chapters $NARRATE render "$BOOK" --format m4a -o "$WORK/out.m4a-chapters" --jobs "$CORES" "${COMMON[@]}")
fi
KEPT=$(best m4b-kept $NARRATE render "$BOOK" --format m4b -o "$WORK/out.m4b/book.m4b" "${COMMON[@]}")  # keeps the M4B above

S_MP3=$(size "$WORK/out.mp3-single/book.mp3"); S_M4B=$(size "$WORK/out.m4b/book.m4b")
SECONDS_AUDIO=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/out.m4b/book.m4b")
echo "audio: $(echo "scale=1; $SECONDS_AUDIO / 3600" | bc) hours"
printf "%-34s %8s s %9s MB\n" "one MP3 (--single-file)" "$ONE_MP3" "$(mb "$S_MP3")"
printf "%-34s %8s s %9s MB\n" "one M4B (--format m4b)" "$ONE_M4B" "$(mb "$S_M4B")"
if [ "$PER_CHAPTER" = 1 ]; then
  S_DMP3=$(size "$WORK"/out.mp3-chapters/*.mp3); S_DM4A=$(size "$WORK"/out.m4a-chapters/*.m4a)
  printf "%-34s %8s s %9s MB\n" "MP3 per chapter (--jobs $CORES)" "$DIR_MP3" "$(mb "$S_DMP3")"
  printf "%-34s %8s s %9s MB\n" "M4A per chapter (--jobs $CORES)" "$DIR_M4A" "$(mb "$S_DM4A")"
fi
printf "%-34s %8s s\n" "unchanged M4B, re-run (kept)" "$KEPT"
echo "  M4B / MP3 time: $(ratio "$ONE_M4B" "$ONE_MP3")×   size: $(ratio "$S_M4B" "$S_MP3")×"
if [ "$PER_CHAPTER" = 1 ]; then
  echo "  M4A / MP3 time per chapter: $(ratio "$DIR_M4A" "$DIR_MP3")×   size: $(ratio "$S_DM4A" "$S_DMP3")×"
fi
