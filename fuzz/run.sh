#!/usr/bin/env bash
# Builds the harness, instruments Npy.dll with SharpFuzz and runs afl-fuzz on one target.
# usage: fuzz/run.sh <header|npy|npz|roundtrip|deflate|inflate> [seconds]   (see fuzz/README.md)
set -euo pipefail
target="${1:?target: header, npy, npz, roundtrip, deflate or inflate}"
seconds="${2:-600}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/out/bin"
findings="$here/out/findings-$target"
if [ ! -f "$out/.instrumented" ]; then
  rm -rf "$out"
  dotnet publish "$here/Npy.Fuzz/Npy.Fuzz.csproj" -c Release -o "$out" --nologo -v q
  PATH="$PATH:$HOME/.dotnet/tools" sharpfuzz "$out/Npy.dll"
  touch "$out/.instrumented"
fi
input="$here/corpus/$target"
# Resume an earlier session of the same target when there is one.
if [ -d "$findings/default/queue" ]; then input="-"; fi
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1
timeout --signal=INT "$seconds" afl-fuzz -i "$input" -o "$findings" -t 5000 -m none -x "$here/npy.dict" \
  -- dotnet "$out/Npy.Fuzz.dll" "$target" || true
cat "$findings/default/fuzzer_stats" 2>/dev/null | grep -E 'run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs' || true
