#!/usr/bin/python3
"""Generates the six standard .npz benchmark workloads (W1..W6) deterministically.

Usage: /usr/bin/python3 bench/gen_workloads.py DATADIR [W1 W2 ...]

The definitions (seeds, shapes, value distributions and the order of random draws) are those of the
project's standard workloads, so the arrays are bit-for-bit the ones every published figure was measured on.
For each workload NAME it writes into DATADIR:

  NAME.npz          numpy.savez_compressed of all arrays (zip, deflate level 6)
  NAME_stored.npz   numpy.savez of all arrays (zip, stored)
  NAME.npy          the array, for a workload of one array
  NAME_npy/KEY.npy  one file per array, for a workload of several arrays
  NAME.members      the exact .npy bytes of every member, concatenated (input of codec benchmarks);
                    a hard link to NAME.npy when there is one array

Needs Debian's NumPy 1.24 (/usr/bin/python3): the random streams depend on NumPy's generator.
"""
import io
import os
import sys

import numpy as np

MIB = 1 << 20


def weights():
    """W1: sixteen float32 (2048, 2048) layers drawn from normal(0, 0.02)."""
    gen = np.random.default_rng(1001)
    layers = {}
    for k in range(16):
        layers["layer%02d.weight" % k] = gen.normal(0.0, 0.02, size=(2048, 2048)).astype(np.float32)
    return layers


def sensor():
    """W2: a float64 random walk of 16 Mi samples, steps normal(0, 0.01), kept to 3 decimals."""
    gen = np.random.default_rng(1002)
    walk = gen.normal(0.0, 0.01, size=(128 * MIB) // 8)
    np.cumsum(walk, out=walk)
    np.round(walk, 3, out=walk)
    return {"signal": walk}


def labels():
    """W3: 8 Mi int64 class labels, uniform over 0..9."""
    gen = np.random.default_rng(1003)
    return {"labels": gen.integers(0, 10, size=(64 * MIB) // 8, dtype=np.int64)}


def mask():
    """W4: a bool (8192, 16384) mask with about 1% set, drawn 16 Mi float32 uniforms at a time."""
    gen = np.random.default_rng(1004)
    total = 128 * MIB
    block = 16 * MIB
    flat = np.empty(total, dtype=bool)
    for start in range(0, total, block):
        count = min(block, total - start)
        flat[start:start + count] = gen.random(count, dtype=np.float32) < 0.01
    return {"mask": flat.reshape(8192, 16384)}


def many():
    """W5: 20,000 float32 vectors of 64 standard-normal values, each its own member."""
    gen = np.random.default_rng(1005)
    rows = gen.normal(0.0, 1.0, size=(20000, 64)).astype(np.float32)
    return {"a%05d" % k: np.array(rows[k], copy=True) for k in range(rows.shape[0])}


def images():
    """W6: 20,000 uint8 RGB 64x64 images: colour gradient + soft blob + gaussian noise, 1,000 per batch."""
    gen = np.random.default_rng(1006)
    count, height, width, channels = 20000, 64, 64, 3
    out = np.empty((count, height, width, channels), dtype=np.uint8)
    ys = np.linspace(0.0, 1.0, height, dtype=np.float32).reshape(1, height, 1, 1)
    xs = np.linspace(0.0, 1.0, width, dtype=np.float32).reshape(1, 1, width, 1)
    batch = 1000
    for first in range(0, count, batch):
        n = min(batch, count - first)
        # The draws must stay in this order: each one advances the shared generator.
        level = gen.uniform(0, 255, size=(n, 1, 1, channels)).astype(np.float32)
        slope_x = gen.uniform(-120, 120, size=(n, 1, 1, channels)).astype(np.float32)
        slope_y = gen.uniform(-120, 120, size=(n, 1, 1, channels)).astype(np.float32)
        centre_y = gen.uniform(0, 1, size=(n, 1, 1, 1)).astype(np.float32)
        centre_x = gen.uniform(0, 1, size=(n, 1, 1, 1)).astype(np.float32)
        strength = gen.uniform(-80, 80, size=(n, 1, 1, channels)).astype(np.float32)
        bump = np.exp(-((ys - centre_y) ** 2 + (xs - centre_x) ** 2) / 0.05)
        grain = gen.normal(0.0, 4.0, size=(n, height, width, channels)).astype(np.float32)
        pixels = level + slope_x * xs + slope_y * ys + strength * bump + grain
        np.clip(pixels, 0, 255, out=pixels)
        out[first:first + n] = np.rint(pixels).astype(np.uint8)
    return {"images": out}


# Workload id -> (file stem, generator). The stems are the names the benchmark scripts use.
WORKLOADS = {
    "W1": ("weights", weights),
    "W2": ("sensor", sensor),
    "W3": ("labels", labels),
    "W4": ("mask", mask),
    "W5": ("many", many),
    "W6": ("images", images),
}


def member_bytes(array):
    """Returns the .npy serialisation of an array, as it is stored inside a .npz member."""
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, allow_pickle=False)
    return buf.getbuffer()


def write_workload(datadir, wid):
    stem, make = WORKLOADS[wid]
    arrays = make()
    compressed = os.path.join(datadir, stem + ".npz")
    stored = os.path.join(datadir, stem + "_stored.npz")
    np.savez_compressed(compressed, **arrays)
    np.savez(stored, **arrays)

    members = os.path.join(datadir, stem + ".members")
    if os.path.lexists(members):
        os.unlink(members)
    if len(arrays) == 1:
        single = os.path.join(datadir, stem + ".npy")
        np.save(single, next(iter(arrays.values())))
        # np.save writes exactly the member's bytes, so a link costs no disk.
        os.link(single, members)
    else:
        folder = os.path.join(datadir, stem + "_npy")
        os.makedirs(folder, exist_ok=True)
        with open(members, "wb") as concat:
            for key, array in arrays.items():
                np.save(os.path.join(folder, key + ".npy"), array)
                concat.write(member_bytes(array))

    array_bytes = sum(a.nbytes for a in arrays.values())
    csize = os.path.getsize(compressed)
    print("%s %s: members=%d array_bytes=%d npz=%d stored_npz=%d ratio=%.3f"
          % (wid, stem, len(arrays), array_bytes, csize, os.path.getsize(stored), array_bytes / csize), flush=True)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    datadir = argv[1]
    wanted = argv[2:] or list(WORKLOADS)
    unknown = [w for w in wanted if w not in WORKLOADS]
    if unknown:
        raise SystemExit("unknown workload(s): " + " ".join(unknown))
    os.makedirs(datadir, exist_ok=True)
    for wid in wanted:
        write_workload(datadir, wid)


if __name__ == "__main__":
    main(sys.argv)
