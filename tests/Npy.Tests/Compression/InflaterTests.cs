using System.IO.Compression;
using Npy.Compression;

namespace Npy.Tests.Compression;

/// <summary>The managed decoder against zlib (.NET's <see cref="DeflateStream"/>): same bytes, same acceptance.</summary>
public class InflaterTests
{
    // Every outcome is compared: the bytes produced until the decoder returned 0, or that it threw.
    private sealed record Outcome(bool Threw, byte[] Bytes)
    {
        public override string ToString() => Threw ? $"threw after {Bytes.Length} bytes" : $"{Bytes.Length} bytes";
    }

    internal static byte[] Deflate(byte[] data, int level)
    {
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    internal static byte[] Sample(int kind, int length, Random rng)
    {
        var data = new byte[length];
        switch (kind)
        {
            case 0:
                rng.NextBytes(data);
                break;
            case 1:
                for (int i = 0; i < length; i++)
                {
                    data[i] = (byte)rng.Next(4);
                }

                break;
            case 2:
                // Runs and repeats: long matches, short distances, distance 1.
                for (int i = 0; i < length;)
                {
                    int run = Math.Min(length - i, rng.Next(1, 600));
                    data.AsSpan(i, run).Fill((byte)rng.Next(3));
                    i += run;
                }

                break;
            case 3:
                // Noisy float32 values, as sensor data are: literals with some matches.
                for (int i = 0; i + 4 <= length; i += 4)
                {
                    BitConverter.TryWriteBytes(data.AsSpan(i), MathF.Round(MathF.Sin(i * 0.001f) * 100, rng.Next(2)));
                }

                break;
            default:
                // Text-like: repeated phrases at every distance up to the window's size.
                const string Phrase = "{'descr': '<f4', 'fortran_order': False, 'shape': (64,), } ";
                for (int i = 0; i < length; i++)
                {
                    data[i] = rng.Next(50) == 0 ? (byte)rng.Next(256) : (byte)Phrase[(i * 7 / 5) % Phrase.Length];
                }

                break;
        }

        return data;
    }

    private static Outcome Run(Stream decoder, int step, int limit)
    {
        var output = new MemoryStream();
        var buffer = new byte[step];
        try
        {
            while (output.Length < limit)
            {
                int read = decoder.Read(buffer, 0, (int)Math.Min(step, limit - output.Length));
                if (read == 0)
                {
                    break;
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return new Outcome(true, []);
        }

        return new Outcome(false, output.ToArray());
    }

    private static Outcome Zlib(byte[] compressed, int step, int limit)
    {
        using var zlib = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        return Run(zlib, step, limit);
    }

    private static Outcome Managed(byte[] compressed, int step, int limit, bool fromStream)
    {
        using var inflater = fromStream ? new Inflater(new MemoryStream(compressed), leaveOpen: false) : new Inflater(compressed);
        return Run(inflater, step, limit);
    }

    public static TheoryData<int, int, int, int> Cases()
    {
        var cases = new TheoryData<int, int, int, int>();
        foreach (int kind in new[] { 0, 1, 2, 3, 4 })
        {
            foreach (int level in new[] { 0, 1, 6, 9 })
            {
                foreach (int length in new[] { 0, 1, 300, 70_000, 600_000 })
                {
                    cases.Add(kind, level, length, length % 7 == 0 ? 1 << 20 : 4093);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodesWhatZlibWrote(int kind, int level, int length, int step)
    {
        byte[] data = Sample(kind, length, new Random((kind * 1000) + length));
        byte[] compressed = Deflate(data, level);
        foreach (bool fromStream in new[] { false, true })
        {
            Outcome outcome = Managed(compressed, step, int.MaxValue, fromStream);
            Assert.False(outcome.Threw);
            Assert.Equal(data, outcome.Bytes);
        }
    }

    [Fact]
    public void ReadsOfAnySizeResumeMatchesAndStoredBlocks()
    {
        var rng = new Random(7);
        byte[] data = [.. Sample(2, 50_000, rng), .. Sample(0, 70_000, rng), .. Sample(4, 50_000, rng)];
        foreach (int level in new[] { 0, 6 })
        {
            byte[] compressed = Deflate(data, level);
            foreach (int step in new[] { 1, 2, 3, 257, 258, 259, 1000 })
            {
                Assert.Equal(data, Managed(compressed, step, int.MaxValue, fromStream: true).Bytes);
            }
        }
    }

    [Fact]
    public void MutatedStreamsDecodeOrFailExactlyAsZlibDoes()
    {
        var rng = new Random(20261126);
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            byte[] data = Sample(rng.Next(5), rng.Next(1, 20_000), rng);
            byte[] compressed = Deflate(data, new[] { 0, 1, 6, 9 }[rng.Next(4)]);
            byte[] mutated = Mutate(compressed, rng);
            int step = rng.Next(2) == 0 ? 1 << 16 : rng.Next(1, 400);
            const int Limit = 1 << 20;
            Outcome expected = Zlib(mutated, 1 << 16, Limit);
            Outcome actual = Managed(mutated, step, Limit, fromStream: rng.Next(2) == 0);
            Assert.True(
                expected.Threw == actual.Threw && expected.Bytes.AsSpan().SequenceEqual(actual.Bytes),
                $"iteration {iteration}: zlib {expected}, managed {actual}");
        }
    }

    [Fact]
    public void HandMadeStreamsMatchZlib()
    {
        foreach ((string name, byte[] stream, string? decoded) in HandMadeStreams.All())
        {
            Outcome expected = Zlib(stream, 4096, 1 << 20);
            Assert.True(decoded is null ? expected.Threw : !expected.Threw && decoded == System.Text.Encoding.ASCII.GetString(expected.Bytes), $"{name}: zlib {expected}");
            Outcome actual = Managed(stream, 4096, 1 << 20, fromStream: false);
            Assert.True(expected.Threw == actual.Threw && expected.Bytes.AsSpan().SequenceEqual(actual.Bytes), $"{name}: zlib {expected}, managed {actual}");
        }
    }

    [Theory]
    [InlineData(0b110, "invalid block type")]
    public void ErrorsSayWhatIsWrong(int header, string reason)
    {
        using var inflater = new Inflater(new byte[] { (byte)header, 0, 0, 0 });
        var error = Assert.Throws<InvalidDataException>(() => inflater.Read(new byte[16]));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingAfterTheFinalBlockIsRead()
    {
        byte[] data = Sample(4, 10_000, new Random(1));
        byte[] compressed = [.. Deflate(data, 6), 0xFF, 0xFF, 0xFF];
        using var inflater = new Inflater(compressed);
        Assert.Equal(data, Run(inflater, 100, int.MaxValue).Bytes);
        Assert.True(inflater.Finished);
    }

    internal static byte[] Mutate(byte[] compressed, Random rng)
    {
        byte[] mutated = (byte[])compressed.Clone();
        switch (rng.Next(4))
        {
            case 0:
                for (int flips = rng.Next(1, 4); flips > 0 && mutated.Length > 0; flips--)
                {
                    mutated[rng.Next(mutated.Length)] ^= (byte)(1 << rng.Next(8));
                }

                return mutated;
            case 1:
                return mutated[..rng.Next(mutated.Length + 1)];
            case 2:
                if (mutated.Length > 0)
                {
                    mutated[rng.Next(mutated.Length)] = (byte)rng.Next(256);
                }

                return mutated;
            default:
                // Flip bits near the start, where the block headers and code tables are.
                if (mutated.Length > 0)
                {
                    mutated[rng.Next(Math.Min(mutated.Length, 64))] ^= (byte)(1 << rng.Next(8));
                }

                return mutated;
        }
    }
}
