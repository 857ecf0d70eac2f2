using Npy.Compression;

namespace Npy.Tests.Compression;

/// <summary><see cref="Inflater.ReadPair"/> against two decoders read one after the other: same bytes, same first error.</summary>
public class InflaterPairTests
{
    private static Inflater Open(byte[] compressed, bool fromStream) =>
        fromStream ? new Inflater(new MemoryStream(compressed), leaveOpen: false) : new Inflater(compressed);

    [Theory]
    [InlineData(0, 3, 1 << 20)]
    [InlineData(3, 0, 4093)]
    [InlineData(1, 2, 1000)]
    [InlineData(4, 4, 65_536)]
    [InlineData(2, 3, 1)]
    [InlineData(0, 0, 300)]
    public void PairsDecodeWhatZlibWrote(int kindA, int kindB, int step)
    {
        var rng = new Random((kindA * 10) + kindB + step);
        foreach (int level in new[] { 0, 1, 6, 9 })
        {
            // Unequal lengths: one stream ends while the other goes on alone.
            foreach ((int lengthA, int lengthB) in new[] { (600_000, 600_000), (300, 400_000), (500_000, 0), (70_000, 1) })
            {
                byte[] dataA = InflaterTests.Sample(kindA, lengthA, rng);
                byte[] dataB = InflaterTests.Sample(kindB, lengthB, rng);
                byte[] compressedA = InflaterTests.Deflate(dataA, level);
                byte[] compressedB = InflaterTests.Deflate(dataB, level);
                using Inflater a = Open(compressedA, fromStream: rng.Next(2) == 0);
                using Inflater b = Open(compressedB, fromStream: rng.Next(2) == 0);
                var outputA = new MemoryStream();
                var outputB = new MemoryStream();
                var bufferA = new byte[step];
                var bufferB = new byte[step + rng.Next(3)];
                while (true)
                {
                    (int first, int second) = Inflater.ReadPair(a, bufferA, b, bufferB);
                    if (first == 0 && second == 0)
                    {
                        break;
                    }

                    outputA.Write(bufferA, 0, first);
                    outputB.Write(bufferB, 0, second);
                }

                Assert.Equal(dataA, outputA.ToArray());
                Assert.Equal(dataB, outputB.ToArray());
                // (zlib writes nothing at all for no data at level 0: that stream never finishes.)
                Assert.Equal(compressedA.Length > 0, a.Finished);
                Assert.Equal(compressedB.Length > 0, b.Finished);
            }
        }
    }

    [Fact]
    public void MutatedPairsFailAsReadingOneAfterTheOtherWould()
    {
        var rng = new Random(20261127);
        const int Limit = 1 << 19;
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            (byte[] compressedA, byte[] compressedB) = MutatedPair(rng);

            (string? errorA, byte[] expectedA) = Alone(compressedA, Limit);
            (string? errorB, byte[] expectedB) = Alone(compressedB, Limit);
            using Inflater a = Open(compressedA, fromStream: rng.Next(2) == 0);
            using Inflater b = Open(compressedB, fromStream: rng.Next(2) == 0);
            var outputA = new byte[Limit];
            var outputB = new byte[Limit];
            string? error = null;
            (int first, int second) = (0, 0);
            try
            {
                (first, second) = Inflater.ReadPair(a, outputA, b, outputB);
            }
            catch (InvalidDataException ex)
            {
                error = ex.Message;
            }

            Assert.True(error == (errorA ?? errorB), $"iteration {iteration}: expected {errorA ?? errorB ?? "success"}, got {error ?? "success"}");
            if (error is null)
            {
                Assert.True(outputA.AsSpan(0, first).SequenceEqual(expectedA), $"iteration {iteration}: first stream's bytes");
                Assert.True(outputB.AsSpan(0, second).SequenceEqual(expectedB), $"iteration {iteration}: second stream's bytes");
            }
        }
    }

    [Fact]
    public void SymbolPairsMatchOneDecoderEachOrDropWhatFailed()
    {
        var rng = new Random(20261128);
        const int Capacity = 1 << 17;
        for (int iteration = 0; iteration < 1500; iteration++)
        {
            (byte[] compressedA, byte[] compressedB) = MutatedPair(rng);

            (int expectedA, ushort[] symbolsA, long boundaryA) = SymbolsAlone(compressedA, Capacity);
            (int expectedB, ushort[] symbolsB, long boundaryB) = SymbolsAlone(compressedB, Capacity);
            if (expectedA < 0)
            {
                expectedB = -1;
            }

            using Inflater a = Open(compressedA, fromStream: rng.Next(2) == 0);
            using Inflater b = Open(compressedB, fromStream: rng.Next(2) == 0);
            var outputA = new ushort[Capacity];
            var outputB = new ushort[Capacity];
            (int first, int second) = Inflater.DecodeSymbolsPair(a, outputA, b, outputB);
            Assert.True((expectedA, expectedB) == (first, second), $"iteration {iteration}: expected {expectedA} {expectedB}, got {first} {second}");
            if (first >= 0)
            {
                Assert.True(outputA.AsSpan(0, first).SequenceEqual(symbolsA), $"iteration {iteration}: first segment's symbols");
                Assert.Equal(boundaryA, a.BoundaryBit);
            }

            if (second >= 0)
            {
                Assert.True(outputB.AsSpan(0, second).SequenceEqual(symbolsB), $"iteration {iteration}: second segment's symbols");
                Assert.Equal(boundaryB, b.BoundaryBit);
            }
        }
    }

    [Fact]
    public void OneDecoderCannotBeBothStreams()
    {
        using var inflater = new Inflater(InflaterTests.Deflate([1, 2, 3], 6));
        Assert.Throws<ArgumentException>(() => Inflater.ReadPair(inflater, new byte[4], inflater, new byte[4]));
    }

    // Two zlib streams of random kinds, lengths and levels, one of them or both mutated (or, a quarter of the time, neither).
    private static (byte[] First, byte[] Second) MutatedPair(Random rng)
    {
        byte[] first = Stream(rng);
        byte[] second = Stream(rng);
        int which = rng.Next(4);
        return ((which & 1) != 0 ? InflaterTests.Mutate(first, rng) : first, (which & 2) != 0 ? InflaterTests.Mutate(second, rng) : second);
    }

    private static byte[] Stream(Random rng) =>
        InflaterTests.Deflate(InflaterTests.Sample(rng.Next(5), rng.Next(1, 40_000), rng), new[] { 0, 1, 6, 9 }[rng.Next(4)]);

    // What DecodeSymbols gives on the stream alone: the count (-1 for invalid data), the symbols, the last boundary.
    private static (int Produced, ushort[] Symbols, long Boundary) SymbolsAlone(byte[] compressed, int capacity)
    {
        using var inflater = new Inflater(compressed);
        var output = new ushort[capacity];
        try
        {
            int produced = inflater.DecodeSymbols(output);
            return (produced, output[..produced], inflater.BoundaryBit);
        }
        catch (InvalidDataException)
        {
            return (-1, [], 0);
        }
    }

    // What one read of the stream alone gives: its error, or its bytes.
    private static (string? Error, byte[] Bytes) Alone(byte[] compressed, int limit)
    {
        using var inflater = new Inflater(compressed);
        var output = new byte[limit];
        try
        {
            int read = inflater.Read(output);
            return (null, output[..read]);
        }
        catch (InvalidDataException ex)
        {
            return (ex.Message, []);
        }
    }
}
