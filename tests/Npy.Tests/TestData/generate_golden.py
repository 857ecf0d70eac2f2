#!/usr/bin/python3
"""Deterministic generator of the golden .npy/.npz test data for Npy.Tests.

HOW TO REGENERATE EVERYTHING (one command, from this folder or anywhere):

    tests/Npy.Tests/TestData/regenerate.sh            # rewrites the files next to this script
    tests/Npy.Tests/TestData/regenerate.sh /tmp/out   # writes a fresh copy elsewhere (used by a test)

regenerate.sh runs, in order:

    /usr/bin/python3 generate_golden.py npy      OUT   # npy/*.npy, npy-legacy/*.npy  (Debian numpy 1.24.2)
    /usr/bin/python3 generate_golden.py npz      OUT   # npz/*_old.npz   (CPython 3.11.2: zip version 20, real local sizes)
    PYTHONPATH=/usr/lib/python3/dist-packages python3 generate_golden.py npz OUT
                                                       # npz/*_new.npz   (CPython 3.11.7: version 45, FFFFFFFF local sizes)
    /usr/bin/python3 generate_golden.py shipped  OUT   # numpy-shipped/* copied from Debian's python3-numpy test data
    /usr/bin/python3 generate_golden.py manifest OUT   # OUT/golden.json, computed from the files themselves

and `generate_golden.py check DIR` recomputes the manifest from the files in DIR and compares it with DIR/golden.json.

Everything is deterministic: fixed values, a seeded generator, fixed zip timestamps (the NumPy <= 1.13 style archive
gets a fixed file mtime, interpreted in UTC), and zlib 1.2.13 for the compressed members.

The manifest schema is described in README.md next to this script.
"""

import ast
import base64
import hashlib
import io
import json
import os
import shutil
import struct
import sys
import tempfile
import time
import warnings
import zipfile

import numpy as np

SHIPPED_SOURCE = "/usr/lib/python3/dist-packages/numpy/lib/tests/data"
MAGIC = b"\x93NUMPY"
MAX_VALUES = 64
MAX_B64_BYTES = 65536


# --------------------------------------------------------------------------------------------------------------------
# Array builders
# --------------------------------------------------------------------------------------------------------------------

def _zero_longdouble_padding(a):
    """x87 long doubles use 10 of their 16 bytes; clear the rest so the files do not depend on stale memory."""
    if a.dtype.kind in "fc" and a.dtype.itemsize in (16, 32) and np.finfo(np.longdouble).nmant == 63:
        flat = np.ascontiguousarray(a).view(np.uint8).reshape(-1, 16)
        flat[:, 10:] = 0
        return flat.reshape(-1).view(a.dtype).reshape(a.shape)
    return a


def _nan_with_payload(bits, dtype):
    return np.array([bits], dtype=dtype.replace("f", "u")).view(dtype)[0]


def _int_edges(t):
    info = np.iinfo(t)
    if info.min < 0:
        vals = [info.min, info.min + 1, -1, 0, 1, info.max - 1, info.max]
    else:
        vals = [0, 1, 2 ** (info.bits - 1) - 1, 2 ** (info.bits - 1), info.max - 1, info.max]
    return np.array(vals, dtype=t)


def _float_edges(t):
    fi = np.finfo(t)
    vals = [0.0, -0.0, 1.0, -1.5, 0.1, float(fi.max), -float(fi.max), float(fi.tiny),
            float(fi.smallest_subnormal), -float(fi.smallest_subnormal), float(fi.eps), np.nan, np.inf, -np.inf]
    a = np.array(vals, dtype=t)
    if t == "f4":
        a = np.concatenate([a, np.array([_nan_with_payload(0x7FA00001, "f4"), _nan_with_payload(0xFFC00000, "f4")])])
    elif t == "f8":
        a = np.concatenate([a, np.array([_nan_with_payload(0x7FF0000000000001, "f8"),
                                         _nan_with_payload(0xFFF8000000000000, "f8"), np.pi])])
    elif t == "f2":
        a = np.concatenate([a, np.array([65504.0, 3.140625, 6.1e-5], dtype="f2")])
    return a


def _longdouble_edges():
    fi = np.finfo(np.longdouble)
    third = np.longdouble(1) / np.longdouble(3)
    vals = [np.longdouble(0), -np.longdouble(0), np.longdouble(1), third, np.longdouble(-2.5), fi.max, fi.tiny,
            fi.smallest_subnormal, np.longdouble(np.nan), np.longdouble(np.inf), np.longdouble(-np.inf)]
    return _zero_longdouble_padding(np.array(vals, dtype=np.longdouble))


def _complex_edges(t):
    ft = {"c8": "f4", "c16": "f8"}[t]
    fi = np.finfo(ft)
    vals = [complex(1, 2), complex(-0.0, -0.0), complex(np.nan, 0), complex(0, np.nan), complex(np.inf, -np.inf),
            complex(float(fi.smallest_subnormal), float(fi.max)), complex(0.1, 0.2)]
    return np.array(vals, dtype=t)


def _clongdouble_edges():
    re = _longdouble_edges()
    im = re[::-1].copy()
    a = np.empty(re.shape, dtype=np.clongdouble)
    a.real = re
    a.imag = im
    return _zero_longdouble_padding(a)


def _be(a):
    """Return the same values stored big-endian (padding, if any, keeps its bytes)."""
    if a.dtype.kind in "mM":
        # astype() to a generic ('>M8', '>m8') big-endian dtype comes back little-endian; swap and relabel instead.
        return a.byteswap().view(a.dtype.newbyteorder(">"))
    return a.astype(a.dtype.newbyteorder(">"))


def _structured(dtype, n, shape=None):
    """Fill a structured array from zeros with field values derived from the element index (deterministic)."""
    a = np.zeros(n, dtype=dtype)

    def fill(view, seed):
        # Subarray fields show up as extra view dimensions, so view.dtype is always a scalar or a struct.
        base = view.dtype
        if base.names:
            for k, name in enumerate(base.names):
                fill(view[name], seed * 7 + k + 1)
            return
        idx = (np.arange(view.size) + seed).reshape(view.shape)
        if base.kind == "b":
            view[...] = (idx % 2) == 1
        elif base.kind in "iu":
            view[...] = (idx * 37 - 5) % 100 if base.kind == "u" else idx * 37 - 5
        elif base.kind in "fc":
            view[...] = idx * 1.25 - 2.5
        elif base.kind == "S":
            view[...] = np.array([("s%d" % i).encode()[: base.itemsize] for i in idx.ravel()]).reshape(view.shape)
        elif base.kind == "U":
            view[...] = np.array([("é%d数" % i)[: base.itemsize // 4] for i in idx.ravel()]).reshape(view.shape)
        elif base.kind in "mM":
            view[...] = (idx * 1000 + 1).astype("i8").astype(base)
        elif base.kind == "V":
            view[...] = np.void(b"\xab" * base.itemsize)

    fill(a, 0)
    if shape is not None:
        a = a.reshape(shape)
    return a


NPY_CASES = {}


def npy_case(name, description, writer="np.save", version=None):
    def register(fn):
        NPY_CASES[name] = dict(build=fn, description=description, writer=writer, version=version)
        return fn
    return register


def _register_scalar_dtypes():
    ints = ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8"]
    for t in ints:
        builder = (lambda t=t: _int_edges(t))
        if np.dtype(t).itemsize == 1:
            npy_case(t, "%s min/max edges" % t)(builder)
        else:
            npy_case(t + "_le", "%s min/max edges, little-endian" % t)(builder)
            npy_case(t + "_be", "%s min/max edges, big-endian" % t)(lambda b=builder: _be(b()))
    npy_case("b1", "bool")(lambda: np.array([True, False, True, True, False]))
    for t in ["f2", "f4", "f8"]:
        builder = (lambda t=t: _float_edges(t))
        npy_case(t + "_le", "%s: 0, -0, max, tiny, subnormals, NaN (incl. payloads), inf" % t)(builder)
        npy_case(t + "_be", "%s edges, big-endian" % t)(lambda b=builder: _be(b()))
    for t in ["c8", "c16"]:
        builder = (lambda t=t: _complex_edges(t))
        npy_case(t + "_le", "%s with NaN/inf/-0 parts" % t)(builder)
        npy_case(t + "_be", "%s edges, big-endian" % t)(lambda b=builder: _be(b()))
    npy_case("f16_le", "longdouble (x87 80-bit in 16 bytes, padding zeroed)")(_longdouble_edges)
    npy_case("f16_be", "longdouble, big-endian")(lambda: _be(_longdouble_edges()))
    npy_case("c32_le", "clongdouble")(_clongdouble_edges)
    npy_case("c32_be", "clongdouble, big-endian")(lambda: _be(_clongdouble_edges()))

    npy_case("S5", "bytes: NULs inside/leading, high bytes, empty")(
        lambda: np.array([b"hello", b"", b"a\x00b", b"\xff\xfe", b"\x00\x00x", b"ab"], dtype="S5"))
    npy_case("S1", "single bytes")(lambda: np.array([b"a", b"", b"\xff", b"\x7f"], dtype="S1"))
    u1 = (lambda: np.array(["a", "", "é", "数", "😀"], dtype="<U1"))
    npy_case("U1_le", "one code point: ASCII, empty, latin-1, CJK, emoji")(u1)
    npy_case("U1_be", "U1 big-endian")(lambda: _be(u1()))
    u7 = (lambda: np.array(["hello", "", "héllo", "数据科学", "😀🎉", "a😀b数c", "tab\tnl\n", "\U0010FFFF", "1234567"],
                           dtype="<U7"))
    npy_case("U7_le", "UTF-32 text incl. non-BMP (emoji, U+10FFFF) and CJK")(u7)
    npy_case("U7_be", "U7 big-endian")(lambda: _be(u7()))
    npy_case("V4", "opaque void")(
        lambda: np.array([b"\x00\x01\x02\x03", b"\xff\xff\xff\xff", b"ab"], dtype="V4"))

    def dt(values, t):
        return np.array(values, dtype=t)
    m8_cases = {
        "M8_generic_nat": (lambda: np.array(["NaT", "NaT"], dtype="M8"), "generic datetime64 (no unit), NaT only"),
        "m8_generic": (lambda: np.array([1, -2, 3], dtype="m8"), "generic timedelta64 (no unit)"),
        "M8D": (lambda: dt(["1970-01-01", "2000-02-29", "1969-12-31", "NaT", "-0001-01-01", "9999-12-31"], "M8[D]"),
                "datetime64[D] incl. NaT and negative years"),
        "M8ms": (lambda: dt(["1970-01-01T00:00:00.001", "2038-01-19T03:14:08", "1900-01-01", "NaT"], "M8[ms]"),
                 "datetime64[ms]"),
        "M8_10ms": (lambda: np.array([0, 1, -1, 123456789], dtype="i8").view("M8[10ms]"),
                    "datetime64[10ms] (multiplier unit)"),
        "M8ns": (lambda: dt(["2262-04-11T23:47:16.854775807", "1677-09-21T00:12:43.145224193", "1970-01-01", "NaT"],
                            "M8[ns]"), "datetime64[ns] extremes and NaT"),
        "m8s": (lambda: np.array([0, 1, -1, 86400, 2 ** 62], dtype="m8[s]"), "timedelta64[s]"),
        "m8us": (lambda: np.array([0, 1, -1, 2 ** 63 - 1, -(2 ** 63)], dtype="i8").view("m8[us]"),
                 "timedelta64[us] with NaT (= -2**63)"),
    }
    for name, (builder, desc) in m8_cases.items():
        npy_case(name + "_le", desc)(builder)
        npy_case(name + "_be", desc + ", big-endian")(lambda b=builder: _be(b()))


_register_scalar_dtypes()


def _arange(shape, t):
    n = int(np.prod(shape))
    return np.arange(n, dtype=t).reshape(shape)


def _register_shapes():
    C = npy_case
    C("f8_2d_c", "(3, 4) C order")(lambda: _arange((3, 4), "<f8"))
    C("f8_2d_f", "(3, 4) Fortran order")(lambda: np.asfortranarray(_arange((3, 4), "<f8")))
    C("f8_2d_f_be", "(3, 4) Fortran order, big-endian")(lambda: np.asfortranarray(_arange((3, 4), ">f8")))
    C("i2_3d_c", "(2, 3, 4) C order")(lambda: _arange((2, 3, 4), "<i2"))
    C("i2_3d_f", "(2, 3, 4) Fortran order")(lambda: np.asfortranarray(_arange((2, 3, 4), "<i2")))
    C("u1_3d_f", "(2, 3, 4) Fortran order, 1-byte")(lambda: np.asfortranarray(_arange((2, 3, 4), "u1")))
    C("c16_2d_f_be", "(2, 3) complex Fortran order big-endian")(
        lambda: np.asfortranarray((_arange((2, 3), ">f8") + 1j * _arange((2, 3), ">f8")[::-1]).astype(">c16")))
    C("U3_2d_f", "(2, 3) str Fortran order")(
        lambda: np.asfortranarray(np.array([["a", "bb", "ccc"], ["数", "😀x", ""]], dtype="<U3")))
    C("struct_2d_f", "(2, 3) structured Fortran order")(
        lambda: np.asfortranarray(_structured([("x", "<i4"), ("y", "<f8")], 6, (2, 3))))
    C("f4_3x1_from_f", "(3, 1) F-contiguous and C-contiguous -> fortran_order False")(
        lambda: np.asfortranarray(_arange((3, 1), "<f4")))
    C("f4_1x3_from_f", "(1, 3) F-contiguous and C-contiguous -> fortran_order False")(
        lambda: np.asfortranarray(_arange((1, 3), "<f4")))
    C("f8_strided_view", "a[::-1, ::2] of a (4, 6) array: written as a C copy")(
        lambda: _arange((4, 6), "<f8")[::-1, ::2])
    C("f8_0d", "0-d")(lambda: np.array(2.5))
    C("i4_0d_be", "0-d big-endian")(lambda: np.array(-7, dtype=">i4"))
    C("b1_0d", "0-d bool")(lambda: np.array(True))
    C("c16_0d", "0-d complex")(lambda: np.array(1.5 - 2j))
    C("U5_0d", "np.save(f, 'hello'): 0-d <U5")(lambda: "hello")
    C("M8s_0d", "0-d datetime64[s]")(lambda: np.array(np.datetime64("2020-02-02T02:02:02", "s")))
    C("struct_0d", "0-d structured")(lambda: _structured([("a", "<i2"), ("b", "S3")], 1)[0:1].reshape(()))
    C("f8_empty_0", "shape (0,)")(lambda: np.zeros((0,), "<f8"))
    C("i4_empty_2x0x3", "shape (2, 0, 3)")(lambda: np.zeros((2, 0, 3), "<i4"))
    C("i4_empty_2x0x3_from_f", "shape (2, 0, 3) made Fortran: empty -> fortran_order False")(
        lambda: np.asfortranarray(np.zeros((2, 0, 3), "<i4")))
    C("f8_empty_0x3_be", "shape (0, 3) big-endian")(lambda: np.zeros((0, 3), ">f8"))
    C("U3_empty_0", "shape (0,) str")(lambda: np.zeros((0,), "<U3"))
    C("S0_view", "zero-width bytes: |S0, itemsize 0, three elements, no data bytes")(
        lambda: np.ndarray((3,), dtype=np.dtype("S0"), buffer=b""))
    C("struct_empty_0", "shape (0,) structured")(lambda: np.zeros((0,), [("a", "<i4"), ("b", "<f8")]))
    shapes = [(3,), (2, 3), (2, 1, 3), (2, 1, 3, 2), (1, 2, 1, 3, 2), (2, 1, 2, 1, 3, 2)]
    for r, shp in enumerate(shapes, start=1):
        C("i2_rank%d" % r, "rank %d, shape %s, C order" % (r, shp))(lambda s=shp: _arange(s, "<i2"))
    C("i2_rank4_f", "rank 4 Fortran order")(lambda: np.asfortranarray(_arange((2, 1, 3, 2), "<i2")))
    C("i2_rank6_f", "rank 6 Fortran order")(lambda: np.asfortranarray(_arange((2, 1, 2, 1, 3, 2), "<i2")))
    C("u1_len1000", "1000 elements: growth spaces for a 4-digit first dim")(lambda: _arange((1000,), "u1"))
    C("u1_2x10000_f", "Fortran (2, 10000): growth uses the last dim")(
        lambda: np.asfortranarray(_arange((2, 10000), "u1")))
    C("u2_large_be", "70000 elements big-endian (140000 bytes; no values/b64 in the manifest)")(
        lambda: (_arange((70000,), "<u2") * 3).astype(">u2"))


_register_shapes()


def _huge_header_array():
    long_names = [("f%03d_" % i) + "x" * 95 for i in range(600)]
    return np.zeros((2,), dtype=[(n, "<i2") for n in long_names])


def _register_versions_and_structs():
    C = npy_case
    C("struct_v2_auto_bigheader", "600 fields with 100-char names: header > 64 KiB, version 2.0 chosen automatically")(
        _huge_header_array)
    C("f8_v2_forced", "np.lib.format.write_array(version=(2, 0))", writer="write_array", version=(2, 0))(
        lambda: np.array([1.0, 2.0]))
    C("f8_v3_forced", "np.lib.format.write_array(version=(3, 0))", writer="write_array", version=(3, 0))(
        lambda: np.array([1.0, 2.0]))
    C("struct_v1_forced", "write_array(version=(1, 0)) of a struct", writer="write_array", version=(1, 0))(
        lambda: _structured([("é", "<i4")], 2))
    C("struct_v3_euro", "field name '€' (not latin-1): version 3.0 chosen automatically")(
        lambda: _structured([("€", "<f8")], 2))
    C("struct_v3_cjk", "CJK field name: version 3.0")(lambda: _structured([("数据", "<i4"), ("x", "<f4")], 2))
    C("struct_v3_emoji", "non-BMP field name: version 3.0")(lambda: _structured([("😀", "u1")], 3))
    C("struct_latin1_name", "field name 'é' stays version 1.0 (byte E9)")(lambda: _structured([("é", "<i4")], 2))
    C("struct_quoted_names", "names with quotes, backslash, tab, newline, NBSP, DEL (Python repr escaping)")(
        lambda: _structured([(n, "<i2") for n in ["it's", "both ' \"", 'dq"', "back\\slash", "tab\tx", "nl\nx",
                                                   "nbsp\xa0", "del\x7f", "ctl\x01"]], 2))
    flat = [("x", "<i4"), ("y", "<f8"), ("name", "S4"), ("flag", "?")]
    C("struct_flat", "flat struct")(lambda: _structured(flat, 3))
    C("struct_flat_be", "flat struct, big-endian fields")(
        lambda: _structured(np.dtype(flat).newbyteorder(">"), 3))
    nested = [("a", [("b", "<i2"), ("c", "S2")]), ("d", "<f4")]
    C("struct_nested", "nested struct")(lambda: _structured(nested, 3))
    C("struct_nested_be", "nested struct, big-endian")(lambda: _structured(np.dtype(nested).newbyteorder(">"), 3))
    sub = [("x", "<i4", (2,)), ("y", "<f8", (2, 2)), ("z", "u1")]
    C("struct_subarray", "subarray fields")(lambda: _structured(sub, 2))
    C("struct_subarray_be", "subarray fields, big-endian")(lambda: _structured(np.dtype(sub).newbyteorder(">"), 2))
    C("struct_subarray_of_subarray", "('c', ('<f8', (5,)), (2,))")(
        lambda: _structured([("c", ("<f8", (5,)), (2,))], 2))
    C("struct_subarray_of_struct", "('a', [('b', '<f4', (2,))], (3,))")(
        lambda: _structured([("a", [("b", "<f4", (2,))], (3,))], 2))
    C("struct_titles", "titles and offset gaps")(lambda: _structured(
        np.dtype({"names": ["a", "b"], "formats": ["<i4", "<i4"], "offsets": [1, 6], "titles": ["aa", "bb"],
                  "itemsize": 10}), 2))
    C("struct_aligned", "align=True: padding entries ('', '|V3')")(
        lambda: _structured(np.dtype("i1,<i4,i1", align=True), 3))
    C("struct_offsets_gaps", "explicit offsets [1, 6], itemsize 12")(lambda: _structured(
        np.dtype({"names": ["a", "b"], "formats": ["<i4", "<i4"], "offsets": [1, 6], "itemsize": 12}), 2))
    C("struct_nested_gaps", "a struct nesting the gapped struct")(lambda: _structured(
        [("x", "u1"), ("inner", np.dtype({"names": ["a", "b"], "formats": ["<i4", ">i4"], "offsets": [1, 6],
                                          "itemsize": 12})), ("y", ">f4")], 2))
    C("struct_zero_fields", "no fields, itemsize 8: [('', '|V8')]")(lambda: np.frombuffer(
        bytes(range(16)), dtype=np.dtype({"names": [], "formats": [], "itemsize": 8})).copy())
    C("struct_empty_name_field", "a real field named ''")(lambda: _structured(
        np.dtype({"names": ["a", "", "b"], "formats": ["<i4", "<i4", "<i4"]}), 2))
    C("struct_mixed_kinds", "bool, big-endian int, complex, U, datetime, timedelta, void fields")(
        lambda: _structured([("b", "?"), ("i", ">i8"), ("c", "<c16"), ("u", ">U3"), ("t", "<M8[s]"),
                             ("d", ">m8[ms]"), ("v", "V3")], 2))


_register_versions_and_structs()


def _legacy_header_npy(a, version, align, tail):
    """Hand-written historical layouts (NumPy <= 1.13: 16-byte alignment, no growth spaces)."""
    d = "{'descr': %r, 'fortran_order': False, 'shape': %r, }" % (a.dtype.str, a.shape)
    prefix = 10 if version == 1 else 12
    length_field_for_pad = 10 if align == "v2-misaligned" else prefix
    text_len = len(d) + 1
    pad = 16 - ((length_field_for_pad + text_len) % 16)
    header = (d + " " * pad + "\n").encode("latin-1")
    if tail == "no-pad":
        header = d.encode("latin-1")
    lenfield = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    return MAGIC + bytes([version, 0]) + lenfield + header + np.ascontiguousarray(a).tobytes()


LEGACY_NPY = {
    "v1_align16_f8": (lambda: _legacy_header_npy(np.array([1.0, 2.0, 3.0]), 1, "16", ""),
                      "NumPy 1.1.1-1.13 layout: 16-byte aligned header, no growth spaces"),
    "v2_align16_misaligned_i4": (lambda: _legacy_header_npy(np.arange(5, dtype="<i4"), 2, "v2-misaligned", ""),
                                 "NumPy 1.9-1.13 version 2.0: padding computed with a 2-byte length, data offset "
                                 "misaligned by 2"),
    "v1_no_padding_u1": (lambda: _legacy_header_npy(np.arange(4, dtype="u1"), 1, "16", "no-pad"),
                         "third-party style: header without padding or newline"),
}


def write_npy(out):
    npy_dir = os.path.join(out, "npy")
    os.makedirs(npy_dir, exist_ok=True)
    for name, case in NPY_CASES.items():
        a = case["build"]()
        path = os.path.join(npy_dir, name + ".npy")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            if case["writer"] == "write_array":
                with open(path, "wb") as f:
                    np.lib.format.write_array(f, np.asanyarray(a), version=case["version"])
            else:
                np.save(path, a)
    legacy_dir = os.path.join(out, "npy-legacy")
    os.makedirs(legacy_dir, exist_ok=True)
    for name, (build, _) in LEGACY_NPY.items():
        with open(os.path.join(legacy_dir, name + ".npy"), "wb") as f:
            f.write(build())


# --------------------------------------------------------------------------------------------------------------------
# npz
# --------------------------------------------------------------------------------------------------------------------

class UnseekableSink:
    """No tell/seek: zipfile's tell() probe fails, so it streams with data descriptors (flag 0x0008).

    NumPy's zipfile_factory only treats objects that have a `read` attribute as files, hence the refusing read().
    """

    def __init__(self):
        self._buf = io.BytesIO()

    def write(self, data):
        return self._buf.write(data)

    def flush(self):
        pass

    def read(self, *args):
        raise io.UnsupportedOperation("write-only sink")

    def getvalue(self):
        return self._buf.getvalue()


def _npz_arrays():
    A = np.array([1.0, 2.0])
    B = np.asfortranarray(np.arange(6, dtype=">i4").reshape(2, 3))
    C = np.array(["ab", "数据😀"], dtype="<U4")
    D = _structured([("a", [("b", "<i2"), ("c", "S2")]), ("d", ">f4")], 2)
    E = np.zeros((0,), "<f8")
    F = np.array(3.5)
    return A, B, C, D, E, F


def _band():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        with z.open("x", "w", force_zip64=True) as f:
            f.write(b"x")
    return "new" if buf.getvalue()[4] == 45 else "old"


def _npz_call(kind, target, *args, **kwargs):
    (np.savez_compressed if kind == "compressed" else np.savez)(target, *args, **kwargs)


def _savez_to_file(path, kind, *args, **kwargs):
    with open(path, "wb") as f:
        _npz_call(kind, f, *args, **kwargs)


def _savez_unseekable(path, kind, *args, **kwargs):
    sink = UnseekableSink()
    _npz_call(kind, sink, *args, **kwargs)
    with open(path, "wb") as f:
        f.write(sink.getvalue())


def _npy_bytes(a):
    b = io.BytesIO()
    np.save(b, a)
    return b.getvalue()


def _zip_non_npy(path):
    """Like NumPy's own non-.npy test archive, but with fixed ZipInfo dates (writestr of a bare name uses 'now')."""
    def info(name):
        zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        zi.external_attr = 0o600 << 16
        return zi
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(info("test1.npy"), _npy_bytes(np.arange(10)))
        z.writestr(info("test2"), _npy_bytes(np.arange(10)))
        z.writestr(info("metadata"), b"Name: Test")
        z.writestr(info("empty.bin"), b"")


LEGACY_MTIME = 1497530096  # 2017-06-15 12:34:56 UTC, even seconds so the DOS time is exact


def _legacy_zip(path, compression):
    """NumPy <= 1.13: each member written to a temp file, then ZipFile.write (real timestamp, mode bits, no zip64)."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    members = [("x.npy", _legacy_header_npy(np.array([1.0, 2.0, 3.0]), 1, "16", "")),
               ("arr_0.npy", _legacy_header_npy(np.arange(4, dtype="<i4"), 1, "16", ""))]
    tmpdir = tempfile.mkdtemp()
    try:
        with zipfile.ZipFile(path, "w", compression=compression, allowZip64=True) as z:
            for arcname, data in members:
                tmp = os.path.join(tmpdir, "tmp-numpy.npy")
                with open(tmp, "wb") as f:
                    f.write(data)
                os.chmod(tmp, 0o600)
                os.utime(tmp, (LEGACY_MTIME, LEGACY_MTIME))
                z.write(tmp, arcname=arcname)
                os.remove(tmp)
    finally:
        shutil.rmtree(tmpdir)


def _npz_cases():
    A, B, C, D, E, F = _npz_arrays()
    rng = np.random.default_rng(12345)
    big = np.arange(100000, dtype="<i4") % 1000
    rnd = rng.standard_normal(16384)
    mixed_call = "(f, B, C, zeta=D, alpha=A)"
    return {
        "savez_single": (dict(writer="np.savez(f, a=A)", seekable=True, compressed=False),
                         lambda p: _savez_to_file(p, "stored", a=A)),
        "savez_compressed_single": (dict(writer="np.savez_compressed(f, a=A)", seekable=True, compressed=True),
                                    lambda p: _savez_to_file(p, "compressed", a=A)),
        "savez_mixed": (dict(writer="np.savez" + mixed_call, seekable=True, compressed=False),
                        lambda p: _savez_to_file(p, "stored", B, C, zeta=D, alpha=A)),
        "savez_compressed_mixed": (dict(writer="np.savez_compressed" + mixed_call, seekable=True, compressed=True),
                                   lambda p: _savez_to_file(p, "compressed", B, C, zeta=D, alpha=A)),
        "savez_unseekable": (dict(writer="np.savez" + mixed_call + " into a write-only stream", seekable=False,
                                  compressed=False),
                             lambda p: _savez_unseekable(p, "stored", B, C, zeta=D, alpha=A)),
        "savez_compressed_unseekable": (dict(writer="np.savez_compressed" + mixed_call + " into a write-only stream",
                                             seekable=False, compressed=True),
                                        lambda p: _savez_unseekable(p, "compressed", B, C, zeta=D, alpha=A)),
        "savez_empty": (dict(writer="np.savez(f)", seekable=True, compressed=False),
                        lambda p: _savez_to_file(p, "stored")),
        "savez_unicode_names": (dict(writer="np.savez(f, **{'数据': A, 'é': C, '😀': E})", seekable=True,
                                     compressed=False),
                                lambda p: _savez_to_file(p, "stored", **{"数据": A, "é": C, "😀": E})),
        "savez_nested_names": (dict(writer="np.savez(f, **{'a/b': A, 'a/c/d': F, '': E})", seekable=True,
                                    compressed=False),
                               lambda p: _savez_to_file(p, "stored", **{"a/b": A, "a/c/d": F, "": E})),
        "savez_compressed_large": (dict(writer="np.savez_compressed(f, big=arange(100000)%1000 <i4, "
                                               "rnd=default_rng(12345).standard_normal(16384))",
                                        seekable=True, compressed=True),
                                   lambda p: _savez_to_file(p, "compressed", big=big, rnd=rnd)),
        "savez_huge_header_member": (dict(writer="np.savez(f, ok=A, huge=<600 fields with 100-char names>)",
                                          seekable=True, compressed=False),
                                     lambda p: _savez_to_file(p, "stored", ok=A, huge=_huge_header_array())),
        "zip_non_npy": (dict(writer="zipfile.writestr: test1.npy, test2 (npy bytes, no suffix), metadata, empty.bin",
                             seekable=True, compressed=False), _zip_non_npy),
        "legacy_numpy113": (dict(writer="NumPy <= 1.13 style: ZipFile.write of temp files (mtime 2017-06-15 "
                                        "12:34:56, mode 0600), 16-byte aligned headers",
                                 seekable=True, compressed=False),
                            lambda p: _legacy_zip(p, zipfile.ZIP_STORED)),
        "legacy_numpy113_compressed": (dict(writer="NumPy <= 1.13 style, ZIP_DEFLATED", seekable=True,
                                            compressed=True),
                                       lambda p: _legacy_zip(p, zipfile.ZIP_DEFLATED)),
    }


def write_npz(out):
    band = _band()
    npz_dir = os.path.join(out, "npz")
    os.makedirs(npz_dir, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Stored array in format 2.0" for the huge header
        for name, (_, build) in _npz_cases().items():
            build(os.path.join(npz_dir, "%s_%s.npz" % (name, band)))


def copy_shipped(out):
    dst = os.path.join(out, "numpy-shipped")
    os.makedirs(dst, exist_ok=True)
    for fn in sorted(os.listdir(SHIPPED_SOURCE)):
        if fn.endswith((".npy", ".npz")):
            shutil.copyfile(os.path.join(SHIPPED_SOURCE, fn), os.path.join(dst, fn))


# --------------------------------------------------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------------------------------------------------

def _literal_header(text, version):
    try:
        return ast.literal_eval(text)
    except SyntaxError:
        if version == 3:
            raise
        # Python 2 writers put an 'L' after long integers in the shape; drop it and try again.
        import re
        return ast.literal_eval(re.sub(r"(\d)L\b", r"\1", text))


def parse_npy_header(data):
    if data[:6] != MAGIC:
        raise ValueError("not an npy")
    major, minor = data[6], data[7]
    if major == 1:
        hlen = struct.unpack_from("<H", data, 8)[0]
        start = 10
    else:
        hlen = struct.unpack_from("<I", data, 8)[0]
        start = 12
    raw = data[start:start + hlen]
    text = raw.decode("utf-8" if major == 3 else "latin-1")
    d = _literal_header(text, major)
    descr = d["descr"] if isinstance(d["descr"], str) else repr(d["descr"])
    return dict(version=[major, minor], header_len=hlen, data_offset=start + hlen, descr=descr,
                shape=list(d["shape"]), fortran_order=d["fortran_order"])


def _swap_units(dt, base=0):
    """(offset, unit size, unit count) of every big-endian scalar inside one element of dt."""
    if dt.names:
        for name in dt.names:
            fdt, off = dt.fields[name][:2]
            yield from _swap_units(fdt, base + off)
    elif dt.subdtype is not None:
        sub, shape = dt.subdtype
        for i in range(int(np.prod(shape))):
            yield from _swap_units(sub, base + i * sub.itemsize)
    elif dt.byteorder == ">" or (dt.byteorder == "=" and sys.byteorder == "big"):
        if dt.kind == "c":
            yield (base, dt.itemsize // 2, 2)
        elif dt.kind == "U":
            yield (base, 4, dt.itemsize // 4)
        elif dt.kind in "biufmM" and dt.itemsize > 1:
            yield (base, dt.itemsize, 1)


def canonical_bytes(data, h, loaded):
    """Bytes in C order, every multi-byte scalar little-endian; padding/void bytes exactly as in the file.

    Works on the file's bytes, not on np.load's result: loading from a stream assigns records field by field, so
    padding bytes of structured arrays come back uninitialised.
    """
    dtype = np.lib.format.descr_to_dtype(ast.literal_eval(h["descr"]) if h["descr"].startswith("[") else h["descr"])
    count = int(np.prod(h["shape"], dtype=np.int64))
    size = count * dtype.itemsize
    raw = np.frombuffer(data, dtype=np.uint8, count=size, offset=h["data_offset"])
    if h["fortran_order"] and size:
        rows = raw.reshape(tuple(reversed(h["shape"])) + (dtype.itemsize,))
        raw = np.ascontiguousarray(rows.transpose(tuple(reversed(range(len(h["shape"])))) + (len(h["shape"]),)))
    raw = raw.reshape(-1).copy()
    if dtype.itemsize and count:
        rows = raw.reshape(count, dtype.itemsize)
        for off, unit, n in _swap_units(dtype):
            for k in range(n):
                lo = off + k * unit
                rows[:, lo:lo + unit] = rows[:, lo:lo + unit][:, ::-1].copy()
    out = raw.tobytes()
    if not dtype.names and dtype.kind not in "OV" and dtype.itemsize:
        # NumPy's own swap (byteswap also splits complex and UTF-32 correctly); astype() mishandles generic M8/m8.
        ref = loaded.byteswap().view(loaded.dtype.newbyteorder("<")) if loaded.dtype.byteorder == ">" else loaded
        check = np.ascontiguousarray(ref).tobytes()
        assert check == out, "canonical bytes disagree with NumPy's own conversion for %s" % dtype
    return out


def _float_text(x):
    if np.dtype(type(x)).itemsize > 8:
        return str(x)
    return repr(float(x))


def _scalar_json(x, dt):
    k = dt.kind
    if k == "b":
        return bool(x)
    if k in "iu":
        return int(x)
    if k == "f":
        return _float_text(x)
    if k == "c":
        return [_float_text(x.real), _float_text(x.imag)]
    if k == "S":
        return bytes(x).decode("latin-1")
    if k == "U":
        return str(x)
    if k == "V":
        return bytes(x).decode("latin-1")
    if k in "mM":
        return None if np.isnat(x) else int(x.astype(np.dtype(dt.str.replace(">", "<"))).view("<i8"))
    raise TypeError(dt)


def values_json(a):
    if a.dtype.names or a.dtype.kind == "O" or a.size > MAX_VALUES:
        return None

    def rec(v):
        if v.ndim == 0:
            return _scalar_json(v[()], a.dtype)
        return [rec(v[i, ...]) for i in range(v.shape[0])]
    return rec(a)


def array_entry(data):
    h = parse_npy_header(data)
    entry = dict(descr=h["descr"], shape=h["shape"], fortran_order=h["fortran_order"], header_version=h["version"],
                 header_len=h["header_len"], data_offset=h["data_offset"])
    is_object = "O" in h["descr"]
    if is_object:
        entry.update(object=True, itemsize=None, count=int(np.prod(h["shape"], dtype=np.int64)),
                     c_order_le_b64=None, c_order_le_sha256=None, values=None)
        return entry
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        a = np.load(io.BytesIO(data), allow_pickle=False, max_header_size=1 << 30)
    assert list(a.shape) == h["shape"]
    cb = canonical_bytes(data, h, a)
    entry.update(object=False, itemsize=a.dtype.itemsize, count=int(a.size),
                 c_order_le_b64=base64.b64encode(cb).decode("ascii") if len(cb) <= MAX_B64_BYTES else None,
                 c_order_le_sha256=hashlib.sha256(cb).hexdigest(), values=values_json(a))
    return entry


def _file_common(root, rel, kind, description):
    with open(os.path.join(root, rel), "rb") as f:
        data = f.read()
    return data, dict(path=rel, kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                      description=description)


def _zip_info(info):
    """Central-directory facts of one member, as Python's zipfile reports them."""
    return dict(method=info.compress_type, crc32=info.CRC, compressed_size=info.compress_size,
                uncompressed_size=info.file_size, flags=info.flag_bits, local_header_offset=info.header_offset,
                external_attr=info.external_attr, date_time=list(info.date_time))


def _npz_entry(root, rel, data, entry):
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            body = z.read(info)
            key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
            m = dict(name=key, member=info.filename, zip=_zip_info(info))
            if body[:6] == MAGIC:
                m["array"] = array_entry(body)
            else:
                m["raw_b64"] = base64.b64encode(body).decode("ascii")
            members.append(m)
    with np.load(os.path.join(root, rel), allow_pickle=False) as npz:
        assert list(npz.files) == [m["name"] for m in members], (rel, npz.files)
    entry["members"] = members
    return entry


SHIPPED_DESCRIPTIONS = {
    "py2-objarr.npy": "Python 2 object array (|O, pickle protocol 2): refused without pickle support",
    "py2-objarr.npz": "Python 2 era npz (temp-file route) holding an object array",
    "py3-objarr.npy": "Python 3 object array (pickle protocol 3)",
    "py3-objarr.npz": "Python 3 npz holding an object array",
    "python3.npy": "plain <f8 (2,) written by Python 3",
    "win64python2.npy": "Python 2 on win64: shape written as (2L,)",
}


def build_manifest(root):
    files = []
    for name, case in NPY_CASES.items():
        rel = "npy/%s.npy" % name
        data, e = _file_common(root, rel, "npy", case["description"])
        e["writer"] = "np.save" if case["writer"] == "np.save" else "np.lib.format.write_array"
        e["version_arg"] = list(case["version"]) if case["version"] else None
        e["array"] = array_entry(data)
        files.append(e)
    for name, (_, desc) in LEGACY_NPY.items():
        rel = "npy-legacy/%s.npy" % name
        data, e = _file_common(root, rel, "npy", desc)
        e["writer"] = "handmade"
        e["version_arg"] = None
        e["array"] = array_entry(data)
        files.append(e)
    for band in ("old", "new"):
        for name, (meta, _) in _npz_cases().items():
            rel = "npz/%s_%s.npz" % (name, band)
            data, e = _file_common(root, rel, "npz", meta["writer"])
            e.update(writer=meta["writer"], band=band, seekable=meta["seekable"], compressed=meta["compressed"])
            files.append(_npz_entry(root, rel, data, e))
    for fn in sorted(SHIPPED_DESCRIPTIONS):
        rel = "numpy-shipped/" + fn
        kind = "npz" if fn.endswith(".npz") else "npy"
        data, e = _file_common(root, rel, kind, SHIPPED_DESCRIPTIONS[fn])
        e["writer"] = "numpy test data (Debian python3-numpy 1.24.2)"
        if kind == "npy":
            e["version_arg"] = None
            e["array"] = array_entry(data)
        else:
            e.update(band=None, seekable=True, compressed=False)
            members = []
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for info in z.infolist():
                    key = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
                    members.append(dict(name=key, member=info.filename, zip=_zip_info(info),
                                        array=array_entry(z.read(info))))
            e["members"] = members
        files.append(e)
    return dict(schema=1, numpy=np.__version__, files=files)


def dump_manifest(manifest):
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    cmd, out = argv[1], argv[2]
    if cmd == "npy":
        write_npy(out)
    elif cmd == "npz":
        write_npz(out)
    elif cmd == "shipped":
        copy_shipped(out)
    elif cmd == "manifest":
        with open(os.path.join(out, "golden.json"), "w", encoding="utf-8") as f:
            f.write(dump_manifest(build_manifest(out)))
    elif cmd == "check":
        with open(os.path.join(out, "golden.json"), encoding="utf-8") as f:
            stored = f.read()
        fresh = dump_manifest(build_manifest(out))
        if stored != fresh:
            a, b = json.loads(stored), json.loads(fresh)
            for x, y in zip(a["files"], b["files"]):
                if x != y:
                    print("manifest differs for", y["path"], file=sys.stderr)
            if len(a["files"]) != len(b["files"]):
                print("manifest lists %d files, expected %d" % (len(a["files"]), len(b["files"])), file=sys.stderr)
            print("golden.json does not match the files", file=sys.stderr)
            return 1
        print("ok %d files" % len(json.loads(fresh)["files"]))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
