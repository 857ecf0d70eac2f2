using System.IO.Compression;
using Npy.Compression;
using Npy.Tests.Zip;
using Npy.Zip;

namespace Npy.Tests.Compression;

public class DeflateChunkEncoderTests
{
    private static byte[] Inflate(byte[] compressed)
    {
        using var d = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var ms = new MemoryStream();
        d.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] EncodeChunks(byte[] data, int chunk, int level)
    {
        var output = new MemoryStream();
        int offset = 0;
        do
        {
            int n = Math.Min(chunk, data.Length - offset);
            bool last = offset + n == data.Length;
            var (buffer, length) = DeflateChunkEncoder.Encode(data.AsSpan(offset, n / 3), data.AsSpan(offset + (n / 3), n - (n / 3)), level, last);
            if (!last)
            {
                Assert.Equal(new byte[] { 0, 0, 0xFF, 0xFF }, buffer.AsSpan(length - 4, 4).ToArray());
            }

            output.Write(buffer, 0, length);
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            offset += n;
        }
        while (offset < data.Length);
        return output.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(9)]
    public void Concatenated_chunks_form_one_deflate_stream(int level)
    {
        var data = ZipTestUtil.Text(300_000, level);
        Assert.Equal(data, Inflate(EncodeChunks(data, 65536, level)));
        var noise = ZipTestUtil.Random(300_000, level);
        Assert.Equal(noise, Inflate(EncodeChunks(noise, 100_000, level)));
    }

    [Fact]
    public void Empty_input_gives_a_valid_empty_stream()
    {
        Assert.Empty(Inflate(EncodeChunks([], 1024, 6)));
        Assert.Empty(Inflate(EncodeChunks([], 1024, 0)));
    }

    [Fact]
    public void Incompressible_chunks_cost_little()
    {
        var noise = ZipTestUtil.Random(1 << 20, 9);
        var (buffer, length) = DeflateChunkEncoder.Encode(noise, default, 6, isLast: false);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        Assert.True(length <= noise.Length + (5 * 17) + 5, $"{length}");
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("smooth")]
    public void Chunked_ratio_is_within_one_percent_of_single_stream(string kind)
    {
        byte[] data;
        var rng = new Random(42);
        if (kind == "normal")
        {
            // 16 MiB of float32 normal(0, 0.02).
            var values = new float[4 << 20];
            for (int i = 0; i < values.Length; i++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                values[i] = (float)(0.02 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }

            data = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        }
        else
        {
            var values = new double[2 << 20];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Math.Sin(i / 1000.0) + (0.5 * Math.Cos(i / 37.0));
            }

            data = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        }

        var single = new MemoryStream();
        using (var d = new DeflateStream(single, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true))
        {
            d.Write(data);
        }

        var archive = ZipTestUtil.Write(
            w => w.AddEntry("x", ZipCompressionMethod.Deflate, default, data, TestContext.Current.CancellationToken),
            new ZipWriterOptions { MaxDegreeOfParallelism = 2 });
        using var reader = ZipTestUtil.Open(archive);
        long chunked = reader.Entries[0].CompressedSize;
        double ratio = (double)chunked / single.Length;
        Assert.True(ratio < 1.01, $"chunked {chunked} vs single {single.Length} ({ratio:F4})");
    }

    [Fact]
    public void A_members_first_chunk_settles_its_encoder_by_the_smaller_segment()
    {
        var labels = LongMatchEncoderTests.Labels(1 << 20, 1);
        var choice = new MemberEncoderChoice();
        var (buffer, length) = DeflateChunkEncoder.Encode(labels.AsSpan(0, 128), labels.AsSpan(128), 6, isLast: false, choice, isFirst: true);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        Assert.True(choice.UsesLongMatch);
        var own = new byte[labels.Length];
        Assert.Equal(LongMatchEncoder.Encode(labels, isLast: false, own), length);

        var noise = ZipTestUtil.Random(1 << 20, 2);
        var noiseChoice = new MemberEncoderChoice();
        (buffer, _) = DeflateChunkEncoder.Encode(noise, default, 6, isLast: false, noiseChoice, isFirst: true);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        Assert.False(noiseChoice.IsUndecided);
        Assert.False(noiseChoice.UsesLongMatch);
    }

    [Fact]
    public void Only_the_first_chunk_of_a_multi_chunk_member_at_level_6_runs_the_trial()
    {
        var labels = LongMatchEncoderTests.Labels(1 << 20, 3);
        foreach (var (level, isLast, isFirst) in new[] { (6, true, true), (6, false, false), (9, false, true), (1, false, true) })
        {
            var choice = new MemberEncoderChoice();
            var (buffer, length) = DeflateChunkEncoder.Encode(labels, default, level, isLast, choice, isFirst);
            Assert.True(choice.IsUndecided, $"level {level} last {isLast} first {isFirst}");
            byte[] segment = [.. buffer.AsSpan(0, length), .. (isLast ? [] : new byte[] { 3, 0 })];
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            Assert.Equal(labels, Inflate(segment));
        }
    }

    [Fact]
    public void Chunks_after_the_choice_fall_back_to_zlib_where_the_long_match_encoder_declines()
    {
        // Labels, then noise, then labels again: the noise chunk is declined and goes to zlib-ng (stored blocks).
        byte[] data = [.. LongMatchEncoderTests.Labels(2 << 20, 4), .. ZipTestUtil.Random(1 << 20, 5), .. LongMatchEncoderTests.Labels(1 << 20, 6)];
        var choice = new MemberEncoderChoice();
        var output = new MemoryStream();
        for (int offset = 0, index = 0; offset < data.Length; offset += 1 << 20, index++)
        {
            bool last = offset + (1 << 20) == data.Length;
            var (buffer, length) = DeflateChunkEncoder.Encode(data.AsSpan(offset, 1 << 20), default, 6, last, choice, isFirst: index == 0);
            Assert.True(choice.UsesLongMatch);
            if (index == 2)
            {
                Assert.True(length >= 1 << 20, $"noise chunk: {length} bytes");
            }

            output.Write(buffer, 0, length);
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        Assert.Equal(data, Inflate(output.ToArray()));
    }
}
