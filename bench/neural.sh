#!/usr/bin/env bash
# make bench-neural: narrate --engine piper against the piper command line (piper-tts), on the
# same machine, in the same run: a novel's first chapters, one piper process per chapter in turn
# and two at once, then narrate at several --jobs/--threads settings. Prints wall time, realtime
# factor (audio seconds per second) and peak RSS for each, and narrate's ratios. Asserts nothing.
# Needs: make deps-piper-cli (the runtime, the voice, the piper CLI), GNU time, bc, python3.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOK=${BOOK:-../shared/corpus/text/pride-and-prejudice_pg1342.txt}
CHAPTERS=${CHAPTERS:-1-3}
VOICE=${VOICE:-en_US-joe-medium}
NEURAL_HOME=${NEURAL_HOME:-${NARRATE_NEURAL_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/narrate/neural}}
NARRATE=${NARRATE:-.build/release/narrate}
PIPER="$NEURAL_HOME/bin/piper"
WORK=$(mktemp -d /tmp/narrate-bench-neural.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
CORES=$(nproc)

MODEL=$("$NARRATE" voices --engine piper --json | python3 -c "import json,sys; print(next(v['path'] for v in json.load(sys.stdin)['voices'] if v['name']=='$VOICE'))")

timed() {  # timed NAME CMD... → prints and records wall seconds and peak RSS (MB)
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.$name" "$@" > "$WORK/out.$name" 2> "$WORK/err.$name" || {
    echo "bench-neural: '$name' failed:"; cat "$WORK/err.$name"; exit 1; }
  read -r wall rss < <(tail -n 1 "$WORK/time.$name")
  eval "WALL_$name=$wall; RSS_$name=$(echo "$rss / 1024" | bc)"
}
seconds_of() {  # total audio seconds of the WAV files in a folder
  python3 - "$1" <<'PY'
import sys, wave, glob, os
print(round(sum(wave.open(f).getnframes() / wave.open(f).getframerate() for f in glob.glob(os.path.join(sys.argv[1], "*.wav"))), 1))
PY
}
report() {  # report NAME LABEL AUDIO_SECONDS
  local wall rss
  wall=$(eval echo "\$WALL_$1"); rss=$(eval echo "\$RSS_$1")
  printf "%-46s %8.1f s wall %7.1f× realtime %6d MB peak RSS\n" "$2" "$wall" "$(echo "scale=2; $3 / $wall" | bc)" "$rss"
}
ratio() { echo "scale=2; $1 / $2" | bc; }

echo "narrate bench-neural: $(basename "$BOOK"), chapters $CHAPTERS, voice $VOICE, $CORES cores"

# The chapters' text exactly as narrate reads it, one file per chapter, for the piper CLI.
"$NARRATE" plan "$BOOK" --json > "$WORK/plan.json"
python3 - "$WORK" "$CHAPTERS" <<'PY'
import json, os, sys
work, spec = sys.argv[1], sys.argv[2]
wanted = set()
for part in spec.split(","):
    a, _, b = part.partition("-")
    wanted.update(range(int(a), int(b or a) + 1))
plan = json.load(open(os.path.join(work, "plan.json")))
os.makedirs(os.path.join(work, "chapters"), exist_ok=True)
words = 0
for c in plan["chapters"]:
    if c["index"] in wanted:
        with open(os.path.join(work, "chapters", "%03d.txt" % c["index"]), "w") as f:
            f.write("\n".join(s["text"] for s in c["segments"]) + "\n")
        words += c["words"]
print("%d chapters, %d words" % (len(wanted), words))
PY
mkdir -p "$WORK/cli1" "$WORK/cli2"
cat > "$WORK/one.sh" <<SH
#!/usr/bin/env bash
"$PIPER" -m "$MODEL" -f "\$2/\$(basename "\$1" .txt).wav" < "\$1"
SH
chmod +x "$WORK/one.sh"

# Warm the page cache and narrate's patched model copy (made once per model) before timing.
"$NARRATE" say "Warming up." --engine piper --voice "$VOICE" -o /dev/null
echo "warm" | "$PIPER" -m "$MODEL" -f /dev/null 2>/dev/null || true

timed cli1 bash -c "for f in '$WORK'/chapters/*.txt; do '$WORK/one.sh' \"\$f\" '$WORK/cli1'; done"
timed cli2 bash -c "ls '$WORK'/chapters/*.txt | xargs -P 2 -I{} '$WORK/one.sh' {} '$WORK/cli2'"
AUDIO=$(seconds_of "$WORK/cli1")
echo "piper CLI audio: $AUDIO s"
report cli1 "piper CLI, one process per chapter in turn" "$AUDIO"
report cli2 "piper CLI, two processes at once" "$AUDIO"

best=""
for setting in "1 1" "2 1" "1 2"; do
  read -r jobs threads <<< "$setting"
  name="n${jobs}x${threads}"
  mkdir -p "$WORK/$name"
  timed "$name" "$NARRATE" render "$BOOK" --engine piper --voice "$VOICE" --chapters "$CHAPTERS" --format wav --no-cache \
    --quiet -o "$WORK/$name" --jobs "$jobs" --threads "$threads"
  audio=$(seconds_of "$WORK/$name")
  report "$name" "narrate --jobs $jobs --threads $threads ($audio s audio)" "$audio"
  wall=$(eval echo "\$WALL_$name")
  if [ -z "$best" ] || [ "$(echo "$wall < $(eval echo "\$WALL_$best")" | bc)" = 1 ]; then best=$name; fi
done
echo
bw=$(eval echo "\$WALL_$best")
echo "narrate's best ($best) vs piper CLI per chapter: $(ratio "$WALL_cli1" "$bw")× (target ≥ 1.15)"
echo "narrate's best ($best) vs two piper processes:   $(ratio "$WALL_cli2" "$bw")× (target ≥ 1.0)"
