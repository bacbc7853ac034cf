#!/usr/bin/env bash
# Builds narrate-fuzz with -sanitize=fuzzer and runs libFuzzer on each target, seeded from the
# test corpus in ../shared/corpus and the saved regressions. Crashes are written to
# .build-fuzz/crash-TARGET-*; replay one with `swift run narrate-fuzz TARGET FILE`, and keep it
# as a regression in Tests/NarrateCoreTests/Fixtures/fuzz/TARGET/.
#   FUZZ_RUNS   libFuzzer -runs per target (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${FUZZ_RUNS:-20000}
scratch=.build-fuzz
swift build --scratch-path "$scratch" --product narrate-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DNARRATE_LIBFUZZER -Xswiftc -use-ld=lld
bin=$(swift build --scratch-path "$scratch" --show-bin-path)/narrate-fuzz

seeds=$scratch/seeds
rm -rf "$seeds" && mkdir -p "$seeds"/{xhtml,epub,text}
python3 - "$seeds" <<'PY'
import sys, zipfile, glob, os
out = sys.argv[1]
corpus = "../shared/corpus"
for i, path in enumerate(sorted(glob.glob(f"{corpus}/epub-*/*.epub"))):
    with open(path, "rb") as f: data = f.read()
    if len(data) < 100_000:
        open(f"{out}/epub/{i}.epub", "wb").write(data)
    try:
        with zipfile.ZipFile(path) as z:
            for j, name in enumerate(z.namelist()):
                if name.endswith(("html", ".opf", ".ncx", "container.xml")):
                    open(f"{out}/xhtml/{i}-{j}.xml", "wb").write(z.read(name)[:16384])
    except zipfile.BadZipFile:
        pass
for i, path in enumerate(sorted(glob.glob(f"{corpus}/text/*.txt"))):
    with open(path, "rb") as f: open(f"{out}/text/{i}.txt", "wb").write(f.read()[:8192])
PY
for target in xhtml epub text config; do
  mkdir -p "$scratch/corpus/$target"
  regressions=Tests/NarrateCoreTests/Fixtures/fuzz/$target
  extra=(); [ -d "$regressions" ] && extra=("$regressions")
  [ "$target" = epub ] && [ -d Tests/NarrateCoreTests/Fixtures/fuzz/zip ] && extra+=(Tests/NarrateCoreTests/Fixtures/fuzz/zip)
  echo "== libFuzzer: $target ($runs runs)"
  NARRATE_FUZZ_TARGET=$target "$bin" -runs="$runs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
    -artifact_prefix="$scratch/crash-$target-" "$scratch/corpus/$target" "$seeds/$target" "${extra[@]}" 2>&1 \
    | grep -E "^#[0-9]+ +DONE|ERROR|crash|Fatal|SUMMARY|Done [0-9]+ runs" || true
  if ls "$scratch"/crash-"$target"-* >/dev/null 2>&1; then echo "crash found: $(ls "$scratch"/crash-"$target"-*)"; exit 1; fi
done
