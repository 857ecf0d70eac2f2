using System.Buffers;

namespace Npy.Zip;

/// <summary>The verified uncompressed bytes of a small member, in a pooled buffer.</summary>
/// <remarks>Dispose returns the buffer to the pool; the bytes must not be used afterwards.</remarks>
internal readonly struct SmallMemberData : IDisposable
{
    private readonly byte[] _buffer;
    private readonly int _offset;
    private readonly int _length;

    /// <summary>Wraps a rented buffer holding the member at [offset, offset + length).</summary>
    public SmallMemberData(byte[] buffer, int offset, int length)
    {
        _buffer = buffer;
        _offset = offset;
        _length = length;
    }

    /// <summary>Gets the member's bytes.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(_offset, _length);

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
