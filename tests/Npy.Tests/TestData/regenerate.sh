#!/bin/sh
# Regenerates every golden file and golden.json. Usage: regenerate.sh [OUTDIR] (default: this folder).
# Needs Debian's python3-numpy 1.24.2 under /usr/bin/python3 (CPython 3.11.2, "old" zip band) and a newer
# CPython 3.11.7 as `python3` on PATH that imports the same NumPy ("new" zip band).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
mkdir -p "$out"
gen="$here/generate_golden.py"
/usr/bin/python3 "$gen" npy "$out"
/usr/bin/python3 "$gen" npz "$out"
PYTHONPATH=/usr/lib/python3/dist-packages python3 "$gen" npz "$out"
/usr/bin/python3 "$gen" shipped "$out"
/usr/bin/python3 "$gen" manifest "$out"
