using System.IO.Compression;
using CsCheck;
using Npy.Compression;

namespace Npy.Tests.Compression;

/// <summary>The managed decoder for small members may decline anything, but what it accepts zlib must accept with the same bytes.</summary>
public class SmallInflaterTests
{
    private static readonly ZLibCompressionStrategy[] s_strategies =
        [ZLibCompressionStrategy.Default, ZLibCompressionStrategy.Filtered, ZLibCompressionStrategy.HuffmanOnly, ZLibCompressionStrategy.RunLengthEncoding, ZLibCompressionStrategy.Fixed];

    // Data from incompressible to highly repetitive, like float arrays of noise, ramps and zeros.
    private static readonly Gen<byte[]> s_dataGen =
        from length in Gen.Frequency((4, Gen.Int[0, 600]), (1, Gen.Int[600, 70_000]))
        from alphabet in Gen.OneOfConst(1, 2, 4, 16, 256)
        from seed in Gen.Int
        select Data(length, alphabet, seed);

    private static readonly Gen<(byte[] Data, byte[] Deflated)> s_streamGen =
        from data in s_dataGen
        from level in Gen.Int[0, 9]
        from strategy in Gen.Int[0, s_strategies.Length - 1]
        select (data, Deflate(data, level, s_strategies[strategy]));

    [Fact]
    public void Streams_zlib_writes_decode_to_their_data()
    {
        int accepted = 0;
        int total = 0;
        s_streamGen.Sample((data, deflated) =>
        {
            var output = new byte[data.Length];
            if (SmallInflater.TryInflate(deflated, output))
            {
                Assert.Equal(data, output);
                Interlocked.Increment(ref accepted);
            }

            Interlocked.Increment(ref total);
        }, iter: 3000);

        // zlib's encoder always sends complete codes, so declining should be the rare exception.
        Assert.True(accepted >= total * 0.95, $"accepted {accepted} of {total}");
    }

    [Fact]
    public void Damaged_streams_are_accepted_only_when_zlib_decodes_them_identically()
    {
        Gen<(byte[] Deflated, int Expected)> damaged =
            from stream in s_streamGen
            from edits in Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Byte).Array[1, 3]
            from sizeDelta in Gen.Frequency((6, Gen.Const(0)), (1, Gen.Int[-2, 2]))
            select (Damage(stream.Deflated, edits), Math.Max(0, stream.Data.Length + sizeDelta));

        damaged.Sample((deflated, expected) => AssertAgreesWithZlib(deflated, expected), iter: 20_000);
    }

    [Fact]
    public void Random_bytes_are_accepted_only_when_zlib_decodes_them_identically()
    {
        Gen.Select(Gen.Byte.Array[0, 64], Gen.Int[0, 300]).Sample((bytes, expected) => AssertAgreesWithZlib(bytes, expected), iter: 20_000);
    }

    [Theory]
    [InlineData(new byte[] { 0x03, 0x00 }, 0)] // empty fixed block
    [InlineData(new byte[] { 0x01, 0x00, 0x00, 0xFF, 0xFF }, 0)] // empty stored block
    [InlineData(new byte[] { 0x01, 0x03, 0x00, 0xFC, 0xFF, 1, 2, 3 }, 3)] // stored block
    [InlineData(new byte[] { 0x01, 0x03, 0x00, 0xFC, 0xFE, 1, 2, 3 }, 3)] // LEN and NLEN disagree
    [InlineData(new byte[] { 0x07, 0x00 }, 0)] // block type 3
    [InlineData(new byte[] { 0x03, 0x00, 0x00 }, 0)] // a byte after the final block
    [InlineData(new byte[] { 0x02, 0x00 }, 0)] // not final, then nothing
    [InlineData(new byte[] { 0x4B, 0x04, 0x02, 0x00 }, 4)] // "aaaa" with a match of distance 1
    [InlineData(new byte[] { 0x4B, 0x04, 0x02, 0x00 }, 3)] // inflates past the size
    [InlineData(new byte[] { 0x4B, 0x04, 0x02, 0x00 }, 5)] // ends before the size
    public void Hand_made_streams_agree_with_zlib(byte[] deflated, int expected) => AssertAgreesWithZlib(deflated, expected);

    [Fact]
    public void A_distance_before_the_start_is_declined()
    {
        // Fixed block: length 3 (code 257, 7 bits 0000001), distance code 0 (5 bits), at the start of the output.
        byte[] deflated = [0x03, 0x02, 0x00];
        Assert.False(SmallInflater.TryInflate(deflated, new byte[3]));
        AssertAgreesWithZlib(deflated, 3);
    }

    private static void AssertAgreesWithZlib(byte[] deflated, int expected)
    {
        var output = new byte[expected];
        if (SmallInflater.TryInflate(deflated, output))
        {
            byte[]? reference = Zlib(deflated, expected);
            Assert.NotNull(reference);
            Assert.Equal(reference, output);
        }
    }

    // What the streaming reader accepts: exactly `expected` bytes, then the end of the deflate stream.
    private static byte[]? Zlib(byte[] deflated, int expected)
    {
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
            var output = new byte[expected];
            if (inflater.ReadAtLeast(output, expected, throwOnEndOfStream: false) != expected)
            {
                return null;
            }

            return inflater.Read(new byte[1]) == 0 ? output : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static byte[] Data(int length, int alphabet, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(alphabet == 256 ? random.Next(256) : (i % 7 == 0 ? random.Next(alphabet) : data[Math.Max(0, i - 1)]));
        }

        return data;
    }

    private static byte[] Deflate(byte[] data, int level, ZLibCompressionStrategy strategy)
    {
        var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, new ZLibCompressionOptions { CompressionLevel = level, CompressionStrategy = strategy }, leaveOpen: true))
        {
            d.Write(data);
        }

        return ms.ToArray();
    }

    private static byte[] Damage(byte[] deflated, (int Kind, double Where, byte Value)[] edits)
    {
        var bytes = new List<byte>(deflated);
        foreach (var (kind, where, value) in edits)
        {
            int at = (int)(where * bytes.Count);
            switch (kind)
            {
                case 0 when at < bytes.Count:
                    bytes[at] ^= (byte)(1 << (value & 7));
                    break;
                case 1 when at < bytes.Count:
                    bytes[at] = value;
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    bytes.Insert(Math.Min(at, bytes.Count), value);
                    break;
            }
        }

        return [.. bytes];
    }
}
