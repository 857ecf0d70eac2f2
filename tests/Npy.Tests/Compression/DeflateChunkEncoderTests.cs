using System.IO.Compression;
using Npy.Compression;
using Npy.Tests.Zip;
using Npy.Zip;

namespace Npy.Tests.Compression;

public class DeflateChunkEncoderTests
{
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
        Assert.Equal(data, ZipTestUtil.Inflate(EncodeChunks(data, 65536, level)));
        var noise = ZipTestUtil.Random(300_000, level);
        Assert.Equal(noise, ZipTestUtil.Inflate(EncodeChunks(noise, 100_000, level)));
    }

    [Fact]
    public void Empty_input_gives_a_valid_empty_stream()
    {
        Assert.Empty(ZipTestUtil.Inflate(EncodeChunks([], 1024, 6)));
        Assert.Empty(ZipTestUtil.Inflate(EncodeChunks([], 1024, 0)));
    }

    [Fact]
    public void Incompressible_chunks_cost_little()
    {
        var noise = ZipTestUtil.Random(1 << 20, 9);
        var (buffer, length) = DeflateChunkEncoder.Encode(noise, default, 6, isLast: false);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        Assert.True(length <= noise.Length + (5 * 17) + 5, $"{length}");
    }

    // At level 6, a chunk of near-random data is deflated at zlib-ng's level 7, other chunks at level 6: the segment
    // is exactly what a deflater at that level writes, ended by a sync flush.
    [Theory]
    [InlineData("noisy gradient", 7)]
    [InlineData("int64 below 2^40", 6)]
    [InlineData("smooth", 6)]
    public void Level_6_chunks_of_near_random_data_are_deflated_at_level_7(string kind, int expectedLevel)
    {
        var rng = new Random(8);
        var data = new byte[1 << 20];
        switch (kind)
        {
            case "noisy gradient":
                // On float noise both levels write the very same bytes, so it could not tell them apart.
                data = NoisyGradient(data.Length, 8);
                break;
            case "int64 below 2^40":
                for (int i = 0; i < data.Length; i += 8)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i), rng.NextInt64(1L << 40));
                }

                break;
            default:
                for (int i = 0; i < data.Length; i += 8)
                {
                    System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i), Math.Sin(i / 8000.0));
                }

                break;
        }

        var expected = new MemoryStream();
        int flushed;
        using (var d = new DeflateStream(expected, new ZLibCompressionOptions { CompressionLevel = expectedLevel }, leaveOpen: true))
        {
            d.Write(data);
            d.Flush();
            flushed = (int)expected.Length;
        }

        var (buffer, length) = DeflateChunkEncoder.Encode(data.AsSpan(0, 100), data.AsSpan(100), 6, isLast: false);
        byte[] segment = buffer.AsSpan(0, length).ToArray();
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        Assert.Equal(expected.ToArray().AsSpan(0, flushed).ToArray(), segment);
        Assert.Equal(data, ZipTestUtil.Inflate([.. segment, 0x03, 0x00]));
    }

    // The window is decided by deflating the start of a member's first chunk both ways: the small one where it is
    // smaller there (floats, noisy pixels), the full one where distant repeats pay (a rounded random walk revisits
    // values many kilobytes apart; int32 values 0-999, which a 32 KiB sample would misjudge) or where the sample says
    // nothing (zeros), and only at level 6 on a sample of at least 64 KiB.
    [Theory]
    [InlineData("float32 noise", 6, 1 << 20, true)]
    [InlineData("noisy images", 6, 1 << 20, true)]
    [InlineData("rounded random walk", 6, 1 << 20, false)]
    [InlineData("int32 0-999", 6, 1 << 20, false)]
    [InlineData("zeros", 6, 1 << 20, false)]
    [InlineData("float32 noise", 9, 1 << 20, false)]
    [InlineData("float32 noise", 6, 48 << 10, false)]
    public void A_member_gets_the_small_window_where_it_costs_nothing(string kind, int level, int length, bool expected)
    {
        var data = kind switch
        {
            "float32 noise" => FloatNoise(length, 3),
            "noisy images" => NoisyImages(length, 3),
            "int32 0-999" => SmallIntegers(length, 3),
            "zeros" => new byte[length],
            _ => RoundedRandomWalk(length, 3),
        };
        Assert.Equal(expected, DeflateChunkEncoder.PrefersSmallWindow(data.AsSpan(0, 128), data.AsSpan(128), level));
    }

    [Fact]
    public void A_small_window_members_chunks_are_zlib_ngs_with_that_window()
    {
        var data = FloatNoise(1 << 20, 4);
        var choice = new MemberEncoderChoice { SmallWindow = true };
        choice.Settle(longMatch: false);
        var (buffer, length) = DeflateChunkEncoder.Encode(data.AsSpan(0, 100), data.AsSpan(100), 6, isLast: false, choice);
        byte[] segment = buffer.AsSpan(0, length).ToArray();
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);

        // Near-random, so level 7 (see the level test above), with a 4 KiB window.
        var expected = new byte[data.Length];
        int written = NativeDeflater.Deflate(data.AsSpan(0, 100), data.AsSpan(100), expected, 7, 12, isLast: false);
        Assert.Equal(expected.AsSpan(0, written).ToArray(), segment);
        Assert.Equal(data, ZipTestUtil.Inflate([.. segment, 0x03, 0x00]));
    }

    private static byte[] FloatNoise(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[length];
        for (int i = 0; i + 4 <= length; i += 4)
        {
            // Normal(0, 0.02) by Box-Muller, as model weights.
            double normal = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i), (float)(normal * 0.02));
        }

        return data;
    }

    // 8-bit RGB images of 64 × 64 pixels: a gradient of random slope per image and channel, plus normal noise (σ 4).
    private static byte[] NoisyImages(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[length];
        double[] start = new double[3], slopeX = new double[3], slopeY = new double[3];
        for (int i = 0; i < length; i++)
        {
            int pixel = i / 3 % 4096, channel = i % 3;
            if (pixel == 0 && channel == 0)
            {
                for (int c = 0; c < 3; c++)
                {
                    (start[c], slopeX[c], slopeY[c]) = (rng.NextDouble() * 255, (rng.NextDouble() * 240) - 120, (rng.NextDouble() * 240) - 120);
                }
            }

            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()) * 4;
            double value = start[channel] + (slopeX[channel] * (pixel % 64) / 63) + (slopeY[channel] * (pixel / 64) / 63) + noise;
            data[i] = (byte)Math.Clamp(Math.Round(value), 0, 255);
        }

        return data;
    }

    private static byte[] SmallIntegers(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[length];
        for (int i = 0; i + 4 <= length; i += 4)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(i), rng.Next(1000));
        }

        return data;
    }

    // float64 sensor data: a random walk of small steps rounded to three decimals.
    private static byte[] RoundedRandomWalk(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[length];
        double value = 0;
        for (int i = 0; i + 8 <= length; i += 8)
        {
            value += (rng.NextDouble() - 0.5) * 0.035;
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i), Math.Round(value, 3));
        }

        return data;
    }

    // 8-bit pixels: a diagonal gradient plus noise of up to ±4, as in a noisy image; near-random for the match finder.
    private static byte[] NoisyGradient(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new byte[length];
        for (int i = 0; i < data.Length; i++)
        {
            int gradient = ((i % 2048) + (i / 2048)) / 16 % 256;
            data[i] = (byte)Math.Clamp(gradient + rng.Next(-4, 5), 0, 255);
        }

        return data;
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
        Assert.True(choice.WaitUsesLongMatch(TestContext.Current.CancellationToken));
        var own = new byte[labels.Length];
        Assert.Equal(LongMatchEncoder.Encode(labels, isLast: false, own), length);

        var noise = ZipTestUtil.Random(1 << 20, 2);
        var noiseChoice = new MemberEncoderChoice();
        (buffer, _) = DeflateChunkEncoder.Encode(noise, default, 6, isLast: false, noiseChoice, isFirst: true);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        Assert.False(noiseChoice.WaitUsesLongMatch(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Only_level_6_runs_the_trial_and_a_single_chunk_member_settles_on_zlib()
    {
        var labels = LongMatchEncoderTests.Labels(1 << 20, 3);
        foreach (var (level, isLast) in new[] { (9, false), (1, false), (6, true) })
        {
            var choice = new MemberEncoderChoice();
            var (buffer, length) = DeflateChunkEncoder.Encode(labels, default, level, isLast, choice, isFirst: true);
            byte[] segment = [.. buffer.AsSpan(0, length), .. (isLast ? [] : new byte[] { 3, 0 })];
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            Assert.Equal(labels, ZipTestUtil.Inflate(segment));
            if (level == 6)
            {
                Assert.False(choice.WaitUsesLongMatch(TestContext.Current.CancellationToken));
            }
            else
            {
                // Never settled: a wait ends only by cancellation.
                Assert.Throws<OperationCanceledException>(() => choice.WaitUsesLongMatch(new CancellationToken(canceled: true)));
            }
        }
    }

    [Fact]
    public async Task A_later_chunk_that_starts_first_waits_for_the_first_and_gives_the_same_bytes()
    {
        var data = LongMatchEncoderTests.Labels(2 << 20, 7);
        var firstChunk = data.AsSpan(0, 1 << 20).ToArray();
        var secondChunk = data.AsSpan(1 << 20).ToArray();
        var choice = new MemberEncoderChoice();
        var second = Task.Run(() =>
        {
            var (buffer, length) = DeflateChunkEncoder.Encode(secondChunk, default, 6, isLast: true, choice, isFirst: false, TestContext.Current.CancellationToken);
            return buffer.AsSpan(0, length).ToArray();
        });
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted, "the second chunk did not wait for the first");
        var (firstBuffer, firstLength) = DeflateChunkEncoder.Encode(firstChunk, default, 6, isLast: false, choice, isFirst: true);
        byte[] secondSegment = await second;
        byte[] stream = [.. firstBuffer.AsSpan(0, firstLength), .. secondSegment];
        System.Buffers.ArrayPool<byte>.Shared.Return(firstBuffer);
        var own = new byte[secondChunk.Length];
        Assert.Equal(own.AsSpan(0, LongMatchEncoder.Encode(secondChunk, isLast: true, own)).ToArray(), secondSegment);
        Assert.Equal(data, ZipTestUtil.Inflate(stream));
    }

    [Fact]
    public async Task A_waiting_chunk_is_released_by_cancellation()
    {
        var chunk = LongMatchEncoderTests.Labels(1 << 20, 8);
        using var cts = new CancellationTokenSource();
        var waiting = Task.Run(() => DeflateChunkEncoder.Encode(chunk, default, 6, isLast: true, new MemberEncoderChoice(), isFirst: false, cts.Token));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
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
            Assert.True(choice.WaitUsesLongMatch(TestContext.Current.CancellationToken));
            if (index == 2)
            {
                Assert.True(length >= 1 << 20, $"noise chunk: {length} bytes");
            }

            output.Write(buffer, 0, length);
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        Assert.Equal(data, ZipTestUtil.Inflate(output.ToArray()));
    }

    [Fact]
    public void Archives_are_the_same_bytes_whatever_the_thread_count()
    {
        // Members the long-match encoder takes, declines, and takes then partly declines, several chunks each, and one
        // whose chunks go to zlib-ng's level 7 (near-random pixels).
        var labels = LongMatchEncoderTests.Labels(6 << 20, 9);
        var noise = ZipTestUtil.Random(3 << 20, 10);
        byte[] mixed = [.. LongMatchEncoderTests.Labels(2 << 20, 11), .. ZipTestUtil.Random(1 << 20, 12), .. LongMatchEncoderTests.Labels(1 << 20, 13)];
        var pixels = NoisyGradient(3 << 20, 14);
        byte[] Archive(int threads) => ZipTestUtil.Write(
            w =>
            {
                foreach (var (name, bytes) in new[] { ("labels", labels), ("noise", noise), ("mixed", mixed), ("pixels", pixels) })
                {
                    w.AddEntry(name, ZipCompressionMethod.Deflate, default, bytes, TestContext.Current.CancellationToken);
                }
            },
            new ZipWriterOptions { MaxDegreeOfParallelism = threads });

        var one = Archive(1);
        for (int repeat = 0; repeat < 3; repeat++)
        {
            Assert.Equal(one, Archive(2));
            Assert.Equal(one, Archive(8));
        }

        using var reader = ZipTestUtil.Open(one);
        Assert.Equal(mixed, ZipTestUtil.ReadMember(reader, reader.Entries[2]));
        Assert.Equal(pixels, ZipTestUtil.ReadMember(reader, reader.Entries[3]));
    }
}
