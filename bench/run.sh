#!/usr/bin/env bash
# The benchmark in one command: NumPy, NumSharp and Npy on the six standard workloads, side by side.
#
#   bench/run.sh [DATADIR] [RUNS] [extra options of run_bench.py]
#
# DATADIR (default /tmp/npy-bench/data) receives the workloads (about 3 GiB, generated once by
# bench/gen_workloads.py with Debian's NumPy, skipped when present), the archives the runners write
# (about 1.2 GiB) and results/. RUNS (default 5) is the number of fresh-process runs per operation.
# Prints one markdown table; exits non-zero if any load differs from the source arrays or NumPy cannot
# read back an archive the .NET runners wrote.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
datadir=${1:-/tmp/npy-bench/data}
runs=${2:-5}
shift $(( $# < 2 ? $# : 2 ))

if ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  echo "Debian's NumPy is needed: apt-get install python3-numpy" >&2
  exit 2
fi
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 2; }

mkdir -p "$datadir"
missing=()
for w in W1:weights W2:sensor W3:labels W4:mask W5:many W6:images; do
  stem=${w#*:}
  if [ ! -f "$datadir/$stem.npz" ] || [ ! -f "$datadir/$stem.members" ]; then missing+=("${w%%:*}"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  avail=$(df -Pk "$datadir" | awk 'NR==2 {print $4}')
  if [ "$avail" -lt $((5 * 1024 * 1024)) ]; then
    echo "warning: $datadir has $((avail / 1024)) MiB free; the workloads and outputs need about 4.5 GiB" >&2
  fi
  echo "# generating ${missing[*]} into $datadir" >&2
  /usr/bin/python3 "$here/gen_workloads.py" "$datadir" "${missing[@]}" >&2
fi

# Both .NET runners are published ReadyToRun (precompiled), as a deployed .NET application would be: otherwise the
# JIT compiles the library's load and save paths inside the timed region (20-70 ms per operation, measured with the
# jit_seconds field each runner reports). NumPy's C code is precompiled too. They also run with tiered compilation
# off, as a short-lived tool is best deployed (README, "Performance"): with it on, the runtime recompiles the hot
# precompiled methods twice in the background (instrumented, then optimised) while both cores are busy, which put
# 25-75 ms of JIT inside each timed load of W1. NPY_BENCH_TIERED=1 keeps the runtime's defaults instead.
tiered=false
if [ "${NPY_BENCH_TIERED:-0}" = 1 ]; then tiered=true; fi
case "$(uname -m)" in
  aarch64 | arm64) rid=linux-arm64 ;;
  *) rid=linux-x64 ;;
esac
echo "# publishing the runners (Release, ReadyToRun, tiered compilation $tiered, $rid)" >&2
for p in Npy.Bench.Runner Npy.Bench.NumSharp; do
  dotnet publish "$here/$p/$p.csproj" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -p:TieredCompilation=$tiered \
    -o "$here/$p/bin/publish" --nologo -v quiet -clp:ErrorsOnly >&2
done

exec /usr/bin/python3 "$here/run_bench.py" "$datadir" "$runs" "$@"
