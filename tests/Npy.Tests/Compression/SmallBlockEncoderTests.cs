using System.IO.Compression;
using Npy.Compression;
using Npy.Tests.Zip;

namespace Npy.Tests.Compression;

public class SmallBlockEncoderTests
{
    private static byte[] Sample(int kind, int length, Random rng)
    {
        var b = new byte[length];
        switch (kind)
        {
            case 0:
                rng.NextBytes(b);
                break;
            case 1:
                for (int i = 0; i < length; i++)
                {
                    b[i] = (byte)rng.Next(3);
                }

                break;
            case 2:
                const string Text = "{'descr': '<f4', 'fortran_order': False, 'shape': (64,), }   ";
                for (int i = 0; i < length; i++)
                {
                    b[i] = (byte)Text[i % Text.Length];
                }

                break;
            case 3:
                for (int i = 0; i < length; i++)
                {
                    b[i] = rng.Next(10) < 8 ? (byte)0 : (byte)rng.Next(256);
                }

                break;
            case 4:
                // A long run, so matches of the maximum length 258 and all distance codes occur.
                Array.Fill(b, (byte)'a');
                break;
            default:
                // Every byte value, so the literal tree has all 256 codes and deep, limited code lengths.
                for (int i = 0; i < length; i++)
                {
                    b[i] = (byte)(i % 256 < 200 ? i % 256 : rng.Next(256) >> (rng.Next(8)));
                }

                break;
        }

        return b;
    }

    [Fact]
    public void Every_kind_and_length_round_trips_through_a_standard_inflater()
    {
        var rng = new Random(42);
        var output = new byte[SmallBlockEncoder.MaxOutput(SmallBlockEncoder.MaxInput)];
        for (int i = 0; i < 3000; i++)
        {
            int length = i < 40 ? i : rng.Next(0, SmallBlockEncoder.MaxInput + 1);
            var data = Sample(i % 6, length, rng);
            int split = rng.Next(0, length + 1);
            int n = SmallBlockEncoder.Encode(data.AsSpan(0, split), data.AsSpan(split), output);
            Assert.True(n <= SmallBlockEncoder.MaxOutput(length));
            Assert.Equal(data, ZipTestUtil.Inflate(output.AsSpan(0, n)));
        }
    }

    [Fact]
    public void Skewed_frequencies_get_codes_limited_to_15_bits()
    {
        // Fibonacci-like frequencies make an unlimited Huffman tree deeper than 15 levels.
        var data = new List<byte>();
        int a = 1, b = 1;
        for (int symbol = 0; symbol < 20 && data.Count < SmallBlockEncoder.MaxInput; symbol++)
        {
            for (int k = 0; k < a && data.Count < SmallBlockEncoder.MaxInput; k++)
            {
                data.Add((byte)(symbol * 13));
            }

            (a, b) = (b, a + b);
        }

        // Shuffle so runs do not turn into matches.
        var rng = new Random(3);
        var bytes = data.OrderBy(_ => rng.Next()).ToArray();
        var output = new byte[SmallBlockEncoder.MaxOutput(bytes.Length)];
        int n = SmallBlockEncoder.Encode(bytes, default, output);
        Assert.Equal(bytes, ZipTestUtil.Inflate(output.AsSpan(0, n)));
    }

    [Fact]
    public void Output_is_never_larger_than_zlibs_by_more_than_a_few_bytes_on_small_npy_members()
    {
        var rng = new Random(7);
        long ours = 0;
        long zlib = 0;
        var output = new byte[SmallBlockEncoder.MaxOutput(SmallBlockEncoder.MaxInput)];
        for (int i = 0; i < 200; i++)
        {
            var header = new byte[128];
            "\u0093NUMPY\u0001\u0000v\u0000{'descr': '<f4', 'fortran_order': False, 'shape': (64,), }"u8.ToArray().CopyTo(header, 0);
            header.AsSpan(70, 57).Fill((byte)' ');
            header[127] = (byte)'\n';
            var values = new float[64];
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = (float)(rng.NextDouble() * 100);
            }

            var body = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            ours += SmallBlockEncoder.Encode(header, body, output);
            var ms = new MemoryStream();
            using (var d = new DeflateStream(ms, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true))
            {
                d.Write(header);
                d.Write(body);
            }

            zlib += ms.Length;
        }

        Assert.True(ours <= zlib * 1.005, $"{ours} bytes against zlib's {zlib}");
    }

    [Fact]
    public void Empty_input_is_zlibs_empty_final_block_and_too_large_input_is_refused()
    {
        var output = new byte[16];
        Assert.Equal(2, SmallBlockEncoder.Encode(default, default, output));
        Assert.Equal(new byte[] { 0x03, 0x00 }, output[..2]);
        Assert.Throws<ArgumentException>(() => SmallBlockEncoder.Encode(new byte[SmallBlockEncoder.MaxInput + 1], default, new byte[SmallBlockEncoder.MaxInput + 64]));
    }

    [Fact]
    public void The_chunk_encoder_uses_it_for_small_last_chunks_at_level_6_only()
    {
        var data = Sample(0, 1000, new Random(1));
        var (buffer, length) = DeflateChunkEncoder.Encode(data, default, 6, isLast: true);
        var expected = new byte[SmallBlockEncoder.MaxOutput(data.Length)];
        int n = SmallBlockEncoder.Encode(data, default, expected);
        Assert.Equal(expected[..n], buffer[..length]);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        (buffer, length) = DeflateChunkEncoder.Encode(data, default, 9, isLast: true);
        Assert.Equal(data, ZipTestUtil.Inflate(buffer.AsSpan(0, length)));
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }

    [Theory]
    [InlineData(286, 15, 40)]
    [InlineData(286, 15, 286)]
    [InlineData(30, 15, 30)]
    [InlineData(19, 7, 19)]
    [InlineData(19, 7, 12)]
    [InlineData(286, 15, 2)]
    [InlineData(286, 15, 1)]
    [InlineData(30, 15, 0)]
    public void Limited_code_lengths_form_a_complete_code(int count, int maxBits, int used)
    {
        // Fibonacci frequencies give the deepest unlimited trees (depth = used - 1), far past the limit.
        var rng = new Random(count + used);
        var freq = new int[count];
        long a = 1, b = 1;
        foreach (int symbol in Enumerable.Range(0, count).OrderBy(_ => rng.Next()).Take(used))
        {
            freq[symbol] = (int)a;
            (a, b) = (b, Math.Min(a + b, 4000));
        }

        var lengths = new byte[count];
        HuffmanBuilder.Build(freq, count, maxBits, lengths, new HuffmanBuilder.Buffers());
        long kraft = 0;
        for (int s = 0; s < count; s++)
        {
            Assert.InRange(lengths[s], freq[s] > 0 ? 1 : 0, maxBits);
            if (lengths[s] > 0)
            {
                kraft += 1L << (maxBits - lengths[s]);
            }
        }

        Assert.Equal(1L << maxBits, kraft);
        Assert.True(lengths.Count(l => l > 0) >= 2);
    }

    [Fact]
    public void Match_heavy_inputs_are_left_to_zlib_and_literal_heavy_ones_are_encoded()
    {
        var rng = new Random(9);
        var output = new byte[SmallBlockEncoder.MaxOutput(SmallBlockEncoder.MaxInput)];
        var text = Sample(2, 1000, rng);
        var small = Sample(1, 1000, rng);
        var noise = Sample(0, 1000, rng);
        Assert.Equal(-1, SmallBlockEncoder.TryEncode(text, default, output));
        Assert.Equal(-1, SmallBlockEncoder.TryEncode(small, default, output));
        int n = SmallBlockEncoder.TryEncode(noise.AsSpan(0, 300), noise.AsSpan(300), output);
        Assert.True(n > 0);
        Assert.Equal(noise, ZipTestUtil.Inflate(output.AsSpan(0, n)));
        foreach (var data in new[] { text, small })
        {
            var (buffer, length) = DeflateChunkEncoder.Encode(data, default, 6, isLast: true);
            Assert.Equal(data, ZipTestUtil.Inflate(buffer.AsSpan(0, length)));
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
