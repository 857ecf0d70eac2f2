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
}
