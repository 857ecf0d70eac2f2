using Npy.Compression;

namespace Npy.Tests.Compression;

/// <summary>Two-core inflate of one stream: the same bytes and the same failures as decoding on one core.</summary>
public class SplitInflateTests
{
    // Small segments, so that a few MiB make many rounds; still larger than the blocks zlib writes (up to ~130 KiB of output here).
    private const int Segment = 256 << 10;

    // Decodes `compressed` into a destination of `length` bytes on two cores; returns the bytes and the segments speculated.
    private static (byte[] Bytes, int Segments) Split(byte[] compressed, int length, int segmentSymbols = Segment, CancellationToken cancellationToken = default)
    {
        var destination = new byte[length];
        using var first = new Inflater(new MemoryStream(compressed), leaveOpen: false);
        (Inflater last, int segments, uint crc) = SplitInflate.Inflate(
            first,
            offset => new MemoryStream(compressed, (int)offset, compressed.Length - (int)offset, writable: false),
            compressed.Length,
            destination,
            "member",
            cancellationToken,
            segmentSymbols);
        using (last)
        {
            InflateHelper.ExpectEnd(last, "member");
        }

        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(destination), crc);
        return (destination, segments);
    }

    private static byte[] Sequential(byte[] compressed, int length)
    {
        var destination = new byte[length];
        using var inflater = new Inflater(new MemoryStream(compressed), leaveOpen: false);
        InflateHelper.ReadExactly(inflater, destination, "member", CancellationToken.None);
        InflateHelper.ExpectEnd(inflater, "member");
        return destination;
    }

    // Parts of every kind of sample; random bytes (which zlib stores) only when asked for.
    private static byte[] Data(int length, int seed, bool random = false)
    {
        var rng = new Random(seed);
        var data = new byte[length];
        for (int offset = 0; offset < length;)
        {
            int part = Math.Min(length - offset, rng.Next(100_000, 400_000));
            InflaterTests.Sample(rng.Next(random ? 0 : 1, 5), part, rng).CopyTo(data, offset);
            offset += part;
        }

        return data;
    }

    [Theory]
    [InlineData(1, 6)]
    [InlineData(2, 2)]
    [InlineData(3, 9)]
    public void DecodesZlibStreamsOnTwoCores(int seed, int level)
    {
        byte[] data = Data(4 << 20, seed);
        (byte[] bytes, int segments) = Split(InflaterTests.Deflate(data, level), data.Length);
        Assert.Equal(data, bytes);
        Assert.True(segments >= 2, $"only {segments} segments were decoded on the second core");
    }

    [Fact]
    public void StoredStretchesAreDecodedOnOneCore()
    {
        byte[] data = Data(3 << 20, 8, random: true);
        Assert.Equal(data, Split(InflaterTests.Deflate(data, 6), data.Length).Bytes);
    }

    [Fact]
    public void StreamsWithoutDynamicBlocksDecodeOnOneCore()
    {
        byte[] data = Data(1 << 20, 4);
        (byte[] bytes, int segments) = Split(InflaterTests.Deflate(data, 0), data.Length);
        Assert.Equal(data, bytes);
        Assert.Equal(0, segments);
    }

    [Fact]
    public void CorruptStreamsFailAsOnOneCore()
    {
        byte[] data = Data(1 << 20, 5, random: true);
        byte[] compressed = InflaterTests.Deflate(data, 6);
        var rng = new Random(6);
        int failures = 0;
        for (int iteration = 0; iteration < 120; iteration++)
        {
            byte[] mutated = (byte[])compressed.Clone();
            switch (iteration % 3)
            {
                case 0:
                    mutated[rng.Next(mutated.Length)] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    mutated = mutated[..rng.Next(mutated.Length)];
                    break;
                default:
                    rng.NextBytes(mutated.AsSpan(rng.Next(mutated.Length - 64), 64));
                    break;
            }

            // The declared size is sometimes off too.
            int length = iteration % 10 == 9 ? data.Length + rng.Next(-1000, 1000) : data.Length;
            Exception? expectedError = Record.Exception(() => Sequential(mutated, length));
            byte[]? bytes = null;
            Exception? actualError = Record.Exception(() => bytes = Split(mutated, length).Bytes);
            if (expectedError is null)
            {
                Assert.Null(actualError);
                Assert.Equal(Sequential(mutated, length), bytes);
            }
            else
            {
                failures++;
                Assert.IsType<NpzFormatException>(actualError);
                Assert.Equal(expectedError.GetType(), actualError!.GetType());
            }
        }

        Assert.True(failures > 40, $"only {failures} of the mutations were refused");
    }

    [Fact]
    public void CancellationStopsBothCores()
    {
        byte[] data = Data(2 << 20, 7);
        byte[] compressed = InflaterTests.Deflate(data, 6);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Split(compressed, data.Length, cancellationToken: cancel.Token));
    }
}
