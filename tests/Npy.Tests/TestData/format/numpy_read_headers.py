"""Differential oracle: feeds header texts to NumPy's own header reader and prints what it concludes.

One JSON object per line: {"version", "text", "ok", "descr", "shape", "fortran", "deviation"}. "deviation" marks
inputs NumPy accepts but this library refuses on purpose (documented in NpyHeader.Parse).
"""
import io
import json
import struct
import warnings

from numpy.lib import format as npformat

warnings.simplefilter("ignore")

D = "{'descr': %s, 'fortran_order': %s, 'shape': %s, }"
cases = [
    (1, D % ("'<f8'", "False", "(2,)"), False),
    (1, D % ("'<f8'", "True", "(2, 3)"), False),
    (1, D % ("'i4'", "False", "()"), False),
    (1, D % ("'=i2'", "False", "(0,)"), False),
    (1, D % ("'|O8'", "False", "(4,)"), False),
    (1, D % ("'>U3'", "False", "(1, 1, 1, 1, 1, 1)"), False),
    (1, D % ("[('a', '<i4'), ('', '|V4'), ('b', [('c', '>f8', (2,))])]", "False", "(3,)"), False),
    (1, D % ("[(('t', 'x'), '<i4'), ('y', ('<f8', (5,)), (2,))]", "False", "(3,)"), False),
    (1, D % ("[['a', 'u1', 2]]", "False", "(3,)"), False),
    (1, D % ("('<f8', (5,))", "False", "(3,)"), False),
    (1, D % ("'<f8'", "False", "(2L,)"), False),
    (2, D % ("'<f8'", "False", "(2L, 3L)"), False),
    (3, D % ("[('€', '<i4')]", "False", "(2,)"), False),
    (1, "{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}", False),
    (1, "{'descr': '<f8',\n 'fortran_order': False,\n 'shape': (2,)}", False),
    (1, "{'descr': '<f8', # comment\n\t'fortran_order': False, 'shape': (2,),}", False),
    (1, "{\"descr\": u'<' \"f8\", 'fortran_order': False, 'shape': (+2, (3),)}", False),
    (1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}   x", False),
    (1, "{'descr': '<f8', 'fortran_order': False, 'shape': [2]}", False),
    (1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,)}", False),
    (1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}", False),
    (1, "{'descr': '<f8', 'fortran_order': None, 'shape': (2,)}", False),
    (1, "{'descr': '<f8', 'shape': (2,)}", False),
    (1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", False),
    (1, "{'descr': '<i3', 'fortran_order': False, 'shape': (2,)}", False),
    (1, "{'descr': b'<f8', 'fortran_order': False, 'shape': (2,)}", False),
    (1, "[1, 2]", False),
    (1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,", False),
    (1, "{'descr': '<f8', 'fortran_order': False, 'shape': f(2)}", False),
    (3, D % ("'<f8'", "False", "(2L,)"), False),
    # Accepted by NumPy, refused here on purpose.
    (1, D % ("'<f8'", "False", "(True,)"), True),
    (1, D % ("'<f8'", "False", "(-1,)"), True),
    (1, D % ("'<f8'", "False", "(0x10,)"), True),
    (1, D % ("'<f8'", "False", "(1_000,)"), True),
    (1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'shape': (3,)}", True),
    (1, D % ("'<U-1'", "False", "(2,)"), True),
    (1, D % ("'<M8[0ms]'", "False", "(2,)"), True),
]

for version, text, deviation in cases:
    raw = text.encode('utf8' if version == 3 else 'latin1')
    fmt = '<H' if version == 1 else '<I'
    data = b'\x93NUMPY' + bytes([version, 0]) + struct.pack(fmt, len(raw)) + raw
    out = {'version': version, 'text': text, 'deviation': deviation}
    try:
        f = io.BytesIO(data)
        npformat.read_magic(f)
        shape, fortran, dtype = npformat._read_array_header(f, (version, 0), max_header_size=10 ** 9)
        if dtype.subdtype is not None:
            descr = repr((dtype.subdtype[0].str, dtype.subdtype[1]))
        elif dtype.names is None:
            descr = dtype.str
        else:
            descr = repr(dtype.descr)
        out.update(ok=True, descr=descr,
                   shape=[int(d) for d in shape], fortran=fortran)
    except Exception as e:
        out.update(ok=False, error=type(e).__name__)
    print(json.dumps(out))
