using Npy.Zip;

namespace Npy.Tests.Zip;

/// <summary>A small in-process fuzz: mutated archives may only raise the documented exception family.</summary>
public class ZipReaderMutationTests
{
    private static byte[] Seed() => ZipTestUtil.Write(
        w =>
        {
            var ct = TestContext.Current.CancellationToken;
            w.AddEntry("a.npy", ZipCompressionMethod.Stored, new byte[] { 0x93, 0x4E }, ZipTestUtil.Text(300, 1), ct);
            w.AddEntry("b.npy", ZipCompressionMethod.Deflate, default, ZipTestUtil.Text(9000, 2), ct);
            w.AddEntry("é", ZipCompressionMethod.Deflate, default, ZipTestUtil.Random(3000, 3), ct);
        },
        new ZipWriterOptions { ChunkSize = 2048, MaxDegreeOfParallelism = 1 });

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Mutations_raise_only_documented_exceptions(int seed, bool seekable)
    {
        var original = seekable ? Seed() : ZipTestUtil.Write(w => w.AddEntry("x", ZipCompressionMethod.Deflate, default, ZipTestUtil.Text(5000, 9), TestContext.Current.CancellationToken), seekable: false);
        var rng = new Random(seed);
        for (int iteration = 0; iteration < 1500; iteration++)
        {
            var bytes = (byte[])original.Clone();
            int flips = rng.Next(1, 4);
            for (int k = 0; k < flips; k++)
            {
                int at = rng.Next(bytes.Length);
                bytes[at] = rng.Next(3) switch
                {
                    0 => (byte)rng.Next(256),
                    1 => 0xFF,
                    _ => 0x00,
                };
            }

            if (rng.Next(10) == 0)
            {
                bytes = bytes[..rng.Next(bytes.Length)];
            }

            try
            {
                using var reader = ZipTestUtil.Open(bytes, NpyLimits.Default with { MaxTotalBytes = 1 << 20 });
                foreach (var entry in reader.Entries)
                {
                    if (entry.UncompressedSize > 1 << 20)
                    {
                        continue;
                    }

                    var prefix = new byte[16];
                    reader.ReadPrefix(entry, prefix);
                    var all = new byte[entry.UncompressedSize];
                    reader.ReadMember(entry, Math.Min(5, all.Length), all.AsMemory(Math.Min(5, all.Length)), TestContext.Current.CancellationToken);
                    using var s = reader.OpenRead(entry);
                    s.CopyTo(Stream.Null);
                }
            }
            catch (Exception ex) when (ex is NpzFormatException or NpyLimitExceededException or NotSupportedException)
            {
                // Documented outcomes.
            }
        }
    }
}
