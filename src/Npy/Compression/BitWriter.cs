using System.Buffers.Binary;
using System.Diagnostics;

namespace Npy.Compression;

/// <summary>Writes deflate's bit stream (least significant bit first) into a span.</summary>
internal ref struct BitWriter
{
    private readonly Span<byte> _output;
    private ulong _buffer;
    private int _bits;
    private int _position;

    /// <summary>Starts writing at the beginning of <paramref name="output"/>.</summary>
    public BitWriter(Span<byte> output)
    {
        _output = output;
    }

    /// <summary>Appends the low <paramref name="count"/> bits of <paramref name="value"/> (count at most 16).</summary>
    /// <remarks>Whole 32-bit words are stored at once, so the span needs 4 bytes beyond the final length.</remarks>
    public void Write(int value, int count)
    {
        _buffer |= (ulong)(uint)value << _bits;
        _bits += count;
        if (_bits >= 32)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_output[_position..], (uint)_buffer);
            _position += 4;
            _buffer >>= 32;
            _bits -= 32;
        }
    }

    /// <summary>Gets the number of bytes written so far, counting a partly filled last byte.</summary>
    public readonly int Position => _position + ((_bits + 7) >> 3);

    /// <summary>Pads the bits written so far with zero bits to a whole byte and writes them out.</summary>
    public void AlignToByte() => Finish();

    /// <summary>Copies bytes to the output; the stream must be at a byte boundary (see <see cref="AlignToByte"/>).</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Debug.Assert(_bits == 0, "Bytes are copied only at a byte boundary.");
        bytes.CopyTo(_output[_position..]);
        _position += bytes.Length;
    }

    /// <summary>Writes the remaining bits, the last byte padded with zero bits; returns the number of bytes written.</summary>
    public int Finish()
    {
        while (_bits > 0)
        {
            _output[_position++] = (byte)_buffer;
            _buffer >>= 8;
            _bits -= 8;
        }

        _bits = 0;
        return _position;
    }
}
