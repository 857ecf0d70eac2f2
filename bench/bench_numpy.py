#!/usr/bin/python3
"""Times one NumPy .npz operation on one standard workload in this fresh process; prints one JSON line.

Usage: /usr/bin/python3 bench/bench_numpy.py DATADIR NAME OP
  base     import NumPy and read the source arrays only (the RSS floor of the save ops)
  save_c   numpy.savez_compressed(all arrays) -> DATADIR/out_numpy/NAME.npz, deleted afterwards
  save_s   numpy.savez(all arrays)            -> DATADIR/out_numpy/NAME_stored.npz, deleted afterwards
  save_s_fsync  save_s followed by os.fsync of the archive inside the timer: the durability Npy's default path
           save gives (the archive is on the device when the call returns)
  load_c   numpy.load(DATADIR/NAME.npz), every member read into a dict
  load_s   numpy.load(DATADIR/NAME_stored.npz), every member read into a dict

       /usr/bin/python3 bench/bench_numpy.py DATADIR NAME check ARCHIVE
  check    NumPy reads every member of ARCHIVE (zipfile + numpy.lib.format.read_array, the code numpy.load runs
           per member, without NumPy 1.24's linear key search) and compares dtype, shape, order and values with the
           source arrays; prints {"ok": ...} and exits 1 on any difference.

Only the operation is inside the timer; run the process under /usr/bin/time -v for its peak RSS.
"""
import json
import os
import sys
import time
import zipfile

import numpy as np

SINGLE_KEYS = {"sensor": "signal", "labels": "labels", "mask": "mask", "images": "images"}


def sources(datadir, name):
    """Reads the workload's source arrays in member order (the same order the .NET runners use)."""
    single = os.path.join(datadir, name + ".npy")
    if os.path.isfile(single):
        return {SINGLE_KEYS[name]: np.load(single)}
    folder = os.path.join(datadir, name + "_npy")
    files = sorted(f for f in os.listdir(folder) if f.endswith(".npy"))
    return {f[:-len(".npy")]: np.load(os.path.join(folder, f)) for f in files}


def timed_save(datadir, name, op):
    arrays = sources(datadir, name)
    row = {"array_bytes": int(sum(a.nbytes for a in arrays.values())), "members": len(arrays)}
    if op == "base":
        return row
    outdir = os.path.join(datadir, "out_numpy")
    os.makedirs(outdir, exist_ok=True)
    target = os.path.join(outdir, name + ("" if op == "save_c" else "_stored") + ".npz")
    save = np.savez_compressed if op == "save_c" else np.savez
    start = time.perf_counter()
    save(target, **arrays)
    if op == "save_s_fsync":
        fd = os.open(target, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    row["seconds"] = time.perf_counter() - start
    row["file_bytes"] = os.path.getsize(target)
    os.remove(target)
    return row


def timed_load(datadir, name, op):
    path = os.path.join(datadir, name + ("_stored" if op == "load_s" else "") + ".npz")
    start = time.perf_counter()
    with np.load(path) as archive:
        loaded = {key: archive[key] for key in archive.files}
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "array_bytes": int(sum(a.nbytes for a in loaded.values())),
            "members": len(loaded), "file_bytes": os.path.getsize(path)}


def check(datadir, name, archive_path):
    expected = sources(datadir, name)
    problems = []
    seen = []
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            key = info.filename[:-len(".npy")] if info.filename.endswith(".npy") else info.filename
            seen.append(key)
            with archive.open(info) as member:
                got = np.lib.format.read_array(member, allow_pickle=False)
            want = expected.get(key)
            if want is None:
                problems.append("unexpected member " + info.filename)
            elif got.dtype != want.dtype or got.shape != want.shape:
                problems.append("%s: %s %s, expected %s %s" % (key, got.dtype, got.shape, want.dtype, want.shape))
            elif not np.array_equal(got, want):
                problems.append(key + ": values differ")
    if seen != list(expected):
        problems.append("members %d in order %s..., expected %d" % (len(seen), seen[:3], len(expected)))
    return {"archive": archive_path, "members": len(seen), "ok": not problems, "problems": problems[:5]}


def main(argv):
    if len(argv) < 4:
        raise SystemExit(__doc__)
    datadir, name, op = argv[1:4]
    if op == "check":
        row = check(datadir, name, argv[4])
        print(json.dumps(row), flush=True)
        return 0 if row["ok"] else 1
    if op in ("base", "save_c", "save_s", "save_s_fsync"):
        row = timed_save(datadir, name, op)
    elif op in ("load_c", "load_s"):
        row = timed_load(datadir, name, op)
    else:
        raise SystemExit("unknown op " + op)
    print(json.dumps(dict({"workload": name, "op": op}, **row)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
