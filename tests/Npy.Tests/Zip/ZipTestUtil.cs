using Npy.Zip;

namespace Npy.Tests.Zip;

internal static class ZipTestUtil
{
    public static byte[] Write(Action<ZipWriter> build, ZipWriterOptions? options = null, bool seekable = true)
    {
        var ms = new MemoryStream();
        Stream target = seekable ? ms : new ForwardOnlyStream(ms);
        using (var writer = new ZipWriter(target, options ?? new ZipWriterOptions(), leaveOpen: true))
        {
            build(writer);
        }

        return ms.ToArray();
    }

    public static ZipReader Open(byte[] archive, NpyLimits? limits = null) =>
        ZipReader.Open(new MemoryStream(archive, writable: false), limits ?? NpyLimits.Default, leaveOpen: false);

    public static byte[] ReadMember(ZipReader reader, ZipEntry entry, int skip = 0)
    {
        var all = new byte[entry.UncompressedSize];
        reader.ReadMember(entry, skip, all.AsMemory(skip));
        if (skip > 0)
        {
            reader.ReadPrefix(entry, all.AsSpan(0, skip));
        }

        return all;
    }

    public static byte[] ReadStream(ZipReader reader, ZipEntry entry)
    {
        using var s = reader.OpenRead(entry);
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    public static byte[] Random(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    /// <summary>Compressible but not trivial bytes.</summary>
    public static byte[] Text(int length, int seed)
    {
        var rng = new Random(seed);
        var words = new[] { "alpha ", "beta ", "gamma ", "delta ", "numpy ", "array ", "0.125 ", "-3.5e-07 " };
        var b = new byte[length];
        int i = 0;
        while (i < length)
        {
            var w = words[rng.Next(words.Length)];
            for (int k = 0; k < w.Length && i < length; k++)
            {
                b[i++] = (byte)w[k];
            }
        }

        return b;
    }
}

/// <summary>A write-only stream that cannot seek or tell, like a pipe.</summary>
internal sealed class ForwardOnlyStream(Stream inner) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
}

/// <summary>A seekable read-only stream that returns at most one byte per Read call.</summary>
internal sealed class TrickleStream(byte[] data) : Stream
{
    private readonly MemoryStream _inner = new(data, writable: false);
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _inner.Length;
    public override long Position { get => _inner.Position; set => _inner.Position = value; }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1));
    public override int Read(Span<byte> buffer) => _inner.Read(buffer[..Math.Min(buffer.Length, 1)]);
    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
