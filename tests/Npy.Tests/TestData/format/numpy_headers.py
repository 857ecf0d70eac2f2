"""Prints the .npy prefix NumPy writes for a list of (dtype, shape, fortran_order) cases, one JSON object per line.

Used by tests/Npy.Tests/Format/NpyHeader.Format.Tests.cs; run with the system python3 that has NumPy >= 1.24.
The header is written through numpy.lib.format._write_array_header, exactly as np.save does, without
allocating the array (so huge shapes cost nothing).
"""
import io
import json
import warnings

import numpy as np
from numpy.lib import format as npformat

warnings.simplefilter("ignore")

simple = ['<f8', '>f8', '<f4', '<f2', '|b1', '|i1', '|u1', '<i2', '>i2', '<u2', '<i4', '>i4', '<u4', '<i8', '<u8',
          '>u8', '<c8', '<c16', '>c16', '<f16', '<c32', '|S0', '|S1', '|S5', '<U0', '<U1', '<U5', '>U3', '|V0',
          '|V8', '<M8', '<M8[ms]', '>M8[us]', '<M8[10ms]', '<M8[D]', '<M8[Y]', '<M8[2Y]', '<m8', '<m8[ns]',
          '<m8[as]', '|O']

structured = [
    [('x', '<i4', (2,)), ('y', '<f8', (2, 2)), ('z', '|u1')],
    [('a', [('b', '<i2'), ('c', '|S2')]), ('d', '<f4')],
    [('a', [('b', '<f4', (2,))], (3,))],
    [('c', ('<f8', (5,)), (2,))],
    [('c', '<f8', (1,))],
    [('', '|V8')],
    [('', '<i4'), ('b', '>f8')],
    [('x', '<M8[10ms]'), ('y', '<m8')],
    [('o', '|O'), ('n', '<i8')],
    [('é', '<i4')],
    [('€', '<i4')],
    [("it's", '<i4'), ('both \' "', '<i2'), ('tab\there', '|u1'), ('nbsp\xa0', '|u1'), ('del\x7f', '|u1'),
     ('ctl\x01', '|u1'), ('shy\xad', '|u1'), ('back\\slash', '|u1')],
    [('\u2028', '<i4'), ('\U0001f600', '<i4'), ('\ue000', '|u1')],
]


def dtypes():
    for s in simple:
        yield np.dtype(s)
    for d in structured:
        yield np.dtype(d)
    yield np.dtype([('f0', 'i1'), ('f1', '<i4'), ('f2', 'i1')], align=True)
    yield np.dtype({'names': ['a', 'b'], 'formats': ['<i4', '<i4'], 'offsets': [1, 6], 'titles': ['aa', 'bb'],
                    'itemsize': 12})
    yield np.dtype({'names': ['a'], 'formats': ['<f8'], 'offsets': [0], 'itemsize': 16})
    # A header over 64 KiB: forces format 2.0.
    yield np.dtype([('field_with_a_rather_long_name_%05d' % i, '<f8') for i in range(2000)])
    # Non-latin-1 and large: format 3.0.
    yield np.dtype([('€_%04d' % i, '<i2') for i in range(300)])


shapes = [(), (0,), (1,), (2,), (3, 4), (2, 0, 3), (0, 2 ** 40), (10 ** 20,), (2 ** 40, 3),
          (1, 2, 3, 4, 5, 6), (2, 3, 4, 5, 6), (7, 1, 2, 3), (123456789012345678901,)]


def emit(dt, shape, fortran):
    buf = io.BytesIO()
    d = {'descr': npformat.dtype_to_descr(dt), 'fortran_order': fortran, 'shape': shape}
    npformat._write_array_header(buf, d, None)
    descr = dt.str if dt.names is None else repr(dt.descr)
    print(json.dumps({'descr': descr, 'shape': list(shape), 'fortran': fortran, 'hex': buf.getvalue().hex().upper()}))


for i, dt in enumerate(dtypes()):
    if i == 0:
        for shape in shapes:
            if max(shape, default=0) < 2 ** 63:
                emit(dt, shape, False)
                if len(shape) > 1:
                    emit(dt, shape, True)
    else:
        emit(dt, (3,), False)
        emit(dt, (2, 5), True)
        emit(dt, (), False)
