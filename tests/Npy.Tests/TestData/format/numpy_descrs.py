"""Prints, for each descr string, NumPy's dtype.str (or repr(dtype.descr) for structured) or ERROR, tab separated.

Cases where this library deliberately differs from NumPy (negative or zero sizes NumPy tolerates) are left out.
"""
import warnings

from numpy.lib import format as npformat

warnings.simplefilter("ignore")

cases = ['<f8', '>f8', 'f8', '=f8', '|f8', '<f4', '<f2', 'f16', '<c8', '>c16', 'c32', '?', 'b1', '|b1', '>b1', 'i1',
         '<i1', 'u1', 'i2', '>i2', 'u2', 'i4', 'u4', 'i8', 'u8', '>u8', 'S0', 'S1', '|S7', '<S7', 'a3', 'U0', 'U1',
         '<U9', '>U9', 'V0', 'V8', '<V8', 'M8', '<M8', '>M8', 'M8[ms]', 'M8[10ms]', 'M8[1ms]', 'M8[generic]', 'm8',
         'm8[us]', '<m8[3D]', 'M8[Y]', 'M8[W]', 'M8[h]', 'M8[ps]', 'M8[fs]', 'M8[as]', 'O', '|O', '|O4', '|O8', '>O',
         '?', 'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'e', 'f', 'd', 'g', 'F', 'D', 'G', 'S', 'U', 'V', 'c',
         'p', 'P', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32',
         'float64', 'complex64', 'complex128', 'bool', 'int', 'float', 'complex', 'bytes', 'str', 'object', 'void',
         'datetime64', 'timedelta64', 'datetime64[ms]', 'timedelta64[s]',
         '<i3', '<f3', 'i16', 'b2', 'u', 'x', '<M8[fortnight]', 'M4', '<q16', 'f1', 'c4', 'O2', 'i0', '<']

for c in cases:
    try:
        dt = npformat.descr_to_dtype(c)
        out = dt.str if dt.names is None else repr(dt.descr)
    except Exception:
        out = 'ERROR'
    print(c + '\t' + out)
