using System.IO.Compression;
using System.Runtime.InteropServices;
using Npy.Compression;
using Npy.Tests.Zip;

namespace Npy.Tests.Compression;

public class LongMatchEncoderTests
{
    // What zlib appends to end a stream: an empty final fixed-Huffman block.
    private static readonly byte[] FinalBlock = [0x03, 0x00];

    private static byte[] Zlib6(ReadOnlySpan<byte> data)
    {
        var ms = new MemoryStream();
        using (var d = new DeflateStream(ms, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true))
        {
            d.Write(data);
        }

        return ms.ToArray();
    }

    /// <summary>int64 values 0..9: seven zero bytes in eight, the data zlib's 4-byte chains choke on.</summary>
    internal static byte[] Labels(int bytes, int seed)
    {
        var rng = new Random(seed);
        var values = new long[bytes / 8];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Next(10);
        }

        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    private static byte[] Sample(string kind, int length, int seed)
    {
        var rng = new Random(seed);
        var b = new byte[length];
        switch (kind)
        {
            case "labels":
                Labels(length & ~7, seed).CopyTo(b, 0);
                break;
            case "int32":
                for (int i = 0; i + 4 <= length; i += 4)
                {
                    b[i] = (byte)rng.Next(10);
                }

                break;
            case "words":
                // Fixed-width UTF-32 words from a small vocabulary, as NumPy stores a '<U8' column.
                for (int i = 0; i + 32 <= length; i += 32)
                {
                    string word = "w" + rng.Next(300);
                    for (int c = 0; c < word.Length; c++)
                    {
                        b[i + (4 * c)] = (byte)word[c];
                    }
                }

                break;
            case "zeros":
                break;
            case "runs":
                // Long runs of a few values: matches of the maximum length and at distance 1.
                for (int i = 0; i < length;)
                {
                    int run = rng.Next(1, 2000);
                    b.AsSpan(i, Math.Min(run, length - i)).Fill((byte)rng.Next(3));
                    i += run;
                }

                break;
            default:
                // "then-noise": long repeats for the first 40 KiB, random bytes after them.
                Labels(40 << 10, seed).CopyTo(b, 0);
                rng.NextBytes(b.AsSpan(40 << 10));
                break;
        }

        return b;
    }

    [Theory]
    [InlineData("labels")]
    [InlineData("int32")]
    [InlineData("words")]
    [InlineData("zeros")]
    [InlineData("runs")]
    [InlineData("then-noise")]
    public void Segments_inflate_to_their_input_at_every_length(string kind)
    {
        var rng = new Random(kind.Length);
        int[] lengths = [LongMatchEncoder.MinInput, LongMatchEncoder.MinInput + 1, LongMatchEncoder.MinInput + 15, 100_003, 1 << 20, (3 << 20) + 5];
        foreach (int length in lengths)
        {
            var data = Sample(kind, length, rng.Next());
            foreach (bool isLast in new[] { true, false })
            {
                var output = new byte[DeflateChunkEncoder.StoredLength(length, isLast)];
                int n = LongMatchEncoder.Encode(data, isLast, output);
                Assert.True(n > 0, $"{kind} {length} declined");
                var segment = output.AsSpan(0, n).ToArray();
                if (!isLast)
                {
                    // A sync-flush marker (that no final block precedes it, Two_segments_back_to_back_are_one_stream shows).
                    Assert.Equal(new byte[] { 0, 0, 0xFF, 0xFF }, segment[^4..]);
                    segment = [.. segment, .. FinalBlock];
                }

                Assert.Equal(data, ZipTestUtil.Inflate(segment));
            }
        }
    }

    [Fact]
    public void Two_segments_back_to_back_are_one_stream()
    {
        var a = Sample("labels", 200_000, 1);
        var b = Sample("words", 300_000, 2);
        var first = new byte[a.Length + 64];
        var second = new byte[b.Length + 64];
        int n1 = LongMatchEncoder.Encode(a, isLast: false, first);
        int n2 = LongMatchEncoder.Encode(b, isLast: true, second);
        Assert.Equal([.. a, .. b], ZipTestUtil.Inflate([.. first.AsSpan(0, n1), .. second.AsSpan(0, n2)]));
    }

    [Fact]
    public void Input_without_long_repeats_is_declined()
    {
        var noise = new byte[1 << 20];
        new Random(5).NextBytes(noise);
        Assert.Equal(-1, LongMatchEncoder.Encode(noise, isLast: true, new byte[noise.Length + 16]));

        // Smooth doubles repeat only a few bytes at a time.
        var smooth = new double[1 << 17];
        for (int i = 0; i < smooth.Length; i++)
        {
            smooth[i] = Math.Sin(i / 1000.0);
        }

        Assert.Equal(-1, LongMatchEncoder.Encode(MemoryMarshal.AsBytes(smooth.AsSpan()), isLast: true, new byte[(1 << 20) + 16]));
    }

    [Fact]
    public void Output_that_would_not_fit_is_declined_without_writing_past_the_span()
    {
        var data = Sample("labels", 1 << 20, 3);
        var output = new byte[4096];
        Assert.Equal(-1, LongMatchEncoder.Encode(data, isLast: false, output.AsSpan(0, 2048)));
        Assert.All(output.AsSpan(2048).ToArray(), b => Assert.Equal(0, b));

        // Repeats, then noise: the noise goes into stored blocks, which cannot fit in less than its own size.
        var mixed = Sample("then-noise", 1 << 20, 4);
        Assert.Equal(-1, LongMatchEncoder.Encode(mixed, isLast: true, new byte[mixed.Length - (64 << 10)]));
    }

    [Theory]
    [InlineData("labels")]
    [InlineData("int32")]
    [InlineData("words")]
    public void Repetitive_data_comes_out_no_larger_than_zlib_level_6(string kind)
    {
        var data = Sample(kind, 4 << 20, 9);
        long ours = 0;
        long zlib = 0;
        for (int offset = 0; offset < data.Length; offset += 1 << 20)
        {
            var chunk = data.AsSpan(offset, 1 << 20);
            var output = new byte[(1 << 20) + 16];
            ours += LongMatchEncoder.Encode(chunk, isLast: true, output);
            zlib += Zlib6(chunk).Length;
        }

        Assert.True(ours <= zlib, $"{kind}: {ours} bytes against zlib's {zlib}");
    }
}
