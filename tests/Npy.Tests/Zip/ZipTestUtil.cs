using System.IO.Compression;
using Npy.Zip;

namespace Npy.Tests.Zip;

internal static class ZipTestUtil
{
    public static byte[] Write(Action<ZipWriter> build, ZipWriterOptions? options = null, bool seekable = true)
    {
        var ms = new MemoryStream();
        Stream target = seekable ? ms : new Npy.Fuzz.ForwardOnlyWriteStream(ms);
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

    /// <summary>Inflates a raw deflate stream with the runtime's zlib-ng, the reference the encoders are checked against.</summary>
    public static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        using var d = new DeflateStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
        var ms = new MemoryStream();
        d.CopyTo(ms);
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
