using System.IO.Compression;

namespace Npy.Tests.Hostile;

/// <summary>
/// Builds a raw deflate stream of <c>head</c> followed by a huge run of zeros in time proportional to its
/// compressed size (about 1 KiB per MiB), so 40 GB bombs (Z3) cost milliseconds instead of minutes to make.
/// </summary>
/// <remarks>
/// The first MiB is compressed with a sync flush, which ends byte-aligned. The bytes of the next MiB of zeros,
/// compressed after zeros, refer only to zeros in the window, so the same bytes stand for every further MiB of zeros.
/// An empty final block ends the stream.
/// </remarks>
internal static class DeflateBomb
{
    public const int Unit = 1 << 20;

    /// <summary>Deflates <paramref name="head"/> padded with zeros to <paramref name="megabytes"/> MiB.</summary>
    public static byte[] Build(byte[] head, long megabytes)
    {
        if (head.Length > Unit || megabytes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(megabytes));
        }

        var output = new MemoryStream();
        byte[] first;
        byte[] unit;
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var block = new byte[Unit];
            head.CopyTo(block, 0);
            deflate.Write(block);
            deflate.Flush();
            first = output.ToArray();
            output.SetLength(0);
            deflate.Write(new byte[Unit]);
            deflate.Flush();
            unit = output.ToArray();
        }

        var result = new byte[first.Length + (unit.Length * (megabytes - 1)) + 2];
        first.CopyTo(result, 0);
        long position = first.Length;
        for (long i = 1; i < megabytes; i++)
        {
            unit.CopyTo(result, position);
            position += unit.Length;
        }

        // An empty final block with fixed codes: BFINAL=1, BTYPE=01, end-of-block.
        result[position] = 0x03;
        result[position + 1] = 0x00;
        return result;
    }
}
