#!/usr/bin/env bash
# make bench: narrate against the pipelines a user would write by hand, on the same machine, in
# the same run. Prints times and ratios; asserts nothing. Needs: espeak-ng, lame, python3, GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOK=${BOOK:-../shared/corpus/text/pride-and-prejudice_pg1342.txt}
VOICE=${VOICE:-en-us}; RATE=${RATE:-175}; BITRATE=${BITRATE:-64}; QUALITY=${QUALITY:-5}
NARRATE=.build/release/narrate
WORK=$(mktemp -d /tmp/narrate-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
CORES=$(nproc)

timed() {  # timed NAME CMD... → prints and records "wall user+sys maxRSS_KB"
  local name=$1; shift
  head -n 1 /proc/stat > "$WORK/stat.before"
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.$name" "$@" > "$WORK/out.$name" 2> "$WORK/err.$name" || {
    echo "bench: '$name' failed:"; cat "$WORK/err.$name"; exit 1; }
  head -n 1 /proc/stat > "$WORK/stat.after"
  read -r wall user sys rss < <(tail -n 1 "$WORK/time.$name")
  printf "%-44s %8.2f s wall %8.2f s CPU %7.0f MB peak RSS\n" "$name" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc)"
  eval "WALL_${name//[^a-zA-Z0-9]/_}=$wall; CPU_${name//[^a-zA-Z0-9]/_}=$(echo "$user + $sys" | bc)"
}
ratio() { echo "scale=3; $1 / $2" | bc; }
# busy_share: cores busy machine-wide between the last two `timed` runs' /proc/stat samples.
busy_share() {
  paste "$WORK/stat.before" "$WORK/stat.after" | awk -v n="$CORES" '{ b0 = $2+$3+$4+$7+$8; i0 = $5+$6; b1 = $13+$14+$15+$18+$19; i1 = $16+$17
    printf "%.2f", n * (b1 - b0) / ((b1 - b0) + (i1 - i0)) }'
}

echo "narrate bench: $(basename "$BOOK"), voice $VOICE, $RATE wpm, $BITRATE kbit/s, LAME -q $QUALITY, $CORES cores"
echo

# The chapter texts exactly as narrate speaks them, one file per chapter, for the pipelines.
$NARRATE plan "$BOOK" --json --voice "$VOICE" --rate "$RATE" > "$WORK/plan.json"
python3 - "$WORK" <<'PY'
import json, sys, os
work = sys.argv[1]
plan = json.load(open(os.path.join(work, "plan.json")))
os.makedirs(os.path.join(work, "chapters"), exist_ok=True)
for c in plan["chapters"]:
    with open(os.path.join(work, "chapters", "%03d.txt" % c["index"]), "w") as f:
        f.write("\n\n".join(s["text"] for s in c["segments"]) + "\n")
print("%d chapters, %d segments, %d words" % (len(plan["chapters"]), sum(len(c["segments"]) for c in plan["chapters"]), sum(c["words"] for c in plan["chapters"])))
PY
mkdir -p "$WORK/serial" "$WORK/parallel"
cat > "$WORK/one.sh" <<SH
#!/usr/bin/env bash
espeak-ng -v "$VOICE" -s "$RATE" --stdout -f "\$1" | lame --quiet -m m -b "$BITRATE" -q "$QUALITY" - "\$2/\$(basename "\$1" .txt).mp3"
SH
chmod +x "$WORK/one.sh"
echo
echo "== cold render against hand-written pipelines (espeak-ng | lame per chapter)"
timed "pipeline-serial" bash -c "for f in '$WORK'/chapters/*.txt; do '$WORK/one.sh' \"\$f\" '$WORK/serial'; done"
timed "pipeline-xargs-P2" bash -c "ls '$WORK'/chapters/*.txt | xargs -P 2 -I{} '$WORK/one.sh' {} '$WORK/parallel'"
LIMIT=$(echo "scale=2; $CPU_pipeline_serial / $CORES" | bc)
echo "machine limit for this work (serial CPU / $CORES cores):      ${LIMIT} s"
timed "narrate-cold-jobs-$CORES" $NARRATE render "$BOOK" -o "$WORK/book" --cache "$WORK/cache.sqlite" --jobs "$CORES" \
  --voice "$VOICE" --rate "$RATE" --bitrate "$BITRATE" --quality "$QUALITY" --json -q
COLD=$(eval echo "\$WALL_narrate_cold_jobs_$CORES")
cp "$WORK/out.narrate-cold-jobs-$CORES" "$WORK/cold.json"
echo "  narrate vs serial pipeline:  $(ratio "$WALL_pipeline_serial" "$COLD")× faster   (target ≥ 1.6)"
echo "  narrate vs xargs -P 2:       $(ratio "$WALL_pipeline_xargs_P2" "$COLD")× faster   (target ≥ 1.0)"
echo "  narrate vs machine limit:    $(ratio "$COLD" "$LIMIT")× the limit"
echo "  average CPU use, cold:       $(ratio "$(eval echo "\$CPU_narrate_cold_jobs_$CORES")" "$COLD") of $CORES cores   (target ≥ 1.8 of 2; workers included: narrate reaps them)"
echo "  machine busy, cold render:   $(busy_share) of $CORES cores   (everything running; above narrate's own share means other work competed)"
python3 -c "import json;r=json.load(open('$WORK/cold.json'));print('  run report: %d segments synthesized, audio %.0f s, %.0f× realtime, synthesis p50 %s ms p95 %s ms, peak RSS %.0f MB (parent)'%(r['segments']['synthesized'],r['seconds']['audio'],r['realtimeFactor'],r.get('latency',{}).get('p50Milliseconds'),r.get('latency',{}).get('p95Milliseconds'),r['peakRSSBytes']/1048576))"

echo
echo "== incremental re-renders (same cache and output folder)"
timed "narrate-warm-no-change" $NARRATE render "$BOOK" -o "$WORK/book" --cache "$WORK/cache.sqlite" \
  --voice "$VOICE" --rate "$RATE" --bitrate "$BITRATE" --quality "$QUALITY" --json -q
if grep -q "Mr. Bennet made no answer." "$BOOK"; then  # the edit needs Pride and Prejudice
python3 - "$BOOK" "$WORK/edited.txt" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
old = "Mr. Bennet made no answer."
assert old in text
open(sys.argv[2], "w", encoding="utf-8").write(text.replace(old, "Mr. Bennet made no answer at all.", 1))
PY
timed "narrate-warm-one-paragraph-edit" $NARRATE render "$WORK/edited.txt" --title "$(python3 -c "import json;print(json.load(open('$WORK/plan.json'))['title'])")" \
  --author "$(python3 -c "import json;print(json.load(open('$WORK/plan.json'))['author'] or '')")" \
  -o "$WORK/book" --cache "$WORK/cache.sqlite" --voice "$VOICE" --rate "$RATE" --bitrate "$BITRATE" --quality "$QUALITY" --json -q
python3 -c "import json;r=json.load(open('$WORK/out.narrate-warm-one-paragraph-edit'));print('  edit: %d synthesized, %d chapters encoded, %d reused'%(r['segments']['synthesized'],r['chapters']['encoded'],r['chapters']['reused']))"
fi
echo "  no change / cold:            $(ratio "$WALL_narrate_warm_no_change" "$COLD")   (target < 0.01)"
[ -n "${WALL_narrate_warm_one_paragraph_edit:-}" ] && echo "  one-paragraph edit / cold:   $(ratio "$WALL_narrate_warm_one_paragraph_edit" "$COLD")   (target < 0.05)"
$NARRATE cache stats --cache "$WORK/cache.sqlite" | sed 's/^/  /'

echo
echo "== peak memory in every mode (loudness on; target < 100 MB each)"
timed "mem-single-file" $NARRATE render "$BOOK" --single-file -o "$WORK/single.mp3" --cache "$WORK/cache.sqlite" \
  --voice "$VOICE" --rate "$RATE" --bitrate "$BITRATE" --quality "$QUALITY" -q
timed "mem-stdout" bash -c "$NARRATE render '$BOOK' -o - --loudness -18 --cache '$WORK/cache.sqlite' --voice '$VOICE' --rate '$RATE' --bitrate '$BITRATE' --quality '$QUALITY' -q > /dev/null"
timed "mem-no-cache" $NARRATE render "$BOOK" -o "$WORK/nocache" --no-cache \
  --voice "$VOICE" --rate "$RATE" --bitrate "$BITRATE" --quality "$QUALITY" -q
echo "  (chapter files: the cold render above)"

echo
echo "== synthesis only (narrate cache warm, empty cache each time)"
timed "warm-jobs-1" $NARRATE cache warm "$BOOK" --cache "$WORK/w1.sqlite" --jobs 1 --voice "$VOICE" --rate "$RATE" --json
timed "warm-jobs-2" $NARRATE cache warm "$BOOK" --cache "$WORK/w2.sqlite" --jobs 2 --voice "$VOICE" --rate "$RATE" --json
echo "  jobs 2 / jobs 1 throughput:  $(ratio "$WALL_warm_jobs_1" "$WALL_warm_jobs_2")×   (target ≥ 1.85)"

[[ "$BOOK" == *pride-and-prejudice* ]] || exit 0  # the cast is Pride and Prejudice's
echo
echo "== a cast (Tests/NarrateCoreTests/Fixtures/pride-and-prejudice.cast.yaml, narrator kept at $VOICE)"
sed "s/^  voice: en-gb$/  voice: $VOICE/" Tests/NarrateCoreTests/Fixtures/pride-and-prejudice.cast.yaml > "$WORK/cast.yaml"
timed "plan-without-cast" $NARRATE plan "$BOOK" --voice "$VOICE" --rate "$RATE" --json
timed "plan-with-cast" $NARRATE plan "$BOOK" --voices "$WORK/cast.yaml" --rate "$RATE" --json
echo "  plan with cast / without:    $(ratio "$WALL_plan_with_cast" "$WALL_plan_without_cast")"
python3 -c "
import json, collections
a=json.load(open('$WORK/out.plan-without-cast')); b=json.load(open('$WORK/out.plan-with-cast'))
n=lambda p: sum(len(c['segments']) for c in p['chapters'])
who=collections.Counter(s['speaker'] for c in b['chapters'] for s in c['segments'])
print('  segments: %d without a cast, %d with (quotes split from narration); speakers: %s' % (n(a), n(b), ', '.join('%s %d' % kv for kv in who.most_common())))"
timed "narrate-add-cast" $NARRATE render "$BOOK" --voices "$WORK/cast.yaml" -o "$WORK/book" --cache "$WORK/cache.sqlite" \
  --rate "$RATE" --bitrate "$BITRATE" --quality "$QUALITY" --json -q
python3 -c "import json;r=json.load(open('$WORK/out.narrate-add-cast'));print('  adding the cast: %d of %d segments synthesized (the rest is narration already cached)'%(r['segments']['synthesized'],r['segments']['total']))"
sed "s/^    voice: en-gb+f1$/    voice: en-gb+f1\n    pitch: 70/" "$WORK/cast.yaml" > "$WORK/recast.yaml"
timed "narrate-recast-one-character" $NARRATE render "$BOOK" --voices "$WORK/recast.yaml" -o "$WORK/book" --cache "$WORK/cache.sqlite" \
  --rate "$RATE" --bitrate "$BITRATE" --quality "$QUALITY" --json -q
python3 -c "import json;r=json.load(open('$WORK/out.narrate-recast-one-character'));print('  recasting jane: %d segments synthesized, %d chapters encoded'%(r['segments']['synthesized'],r['chapters']['encoded']))"
echo "  add cast / cold:             $(ratio "$WALL_narrate_add_cast" "$COLD")"
echo "  recast one character / cold: $(ratio "$WALL_narrate_recast_one_character" "$COLD")"
