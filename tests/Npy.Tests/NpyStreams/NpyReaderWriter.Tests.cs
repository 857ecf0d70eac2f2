using Npy.Tests.Helpers;

namespace Npy.Tests.NpyStreams;

public class NpyReaderWriterTests
{
    private static byte[] Save(params NpyArray[] arrays)
    {
        var ms = new MemoryStream();
        using (var writer = new NpyWriter(ms, leaveOpen: true))
        {
            foreach (var a in arrays)
            {
                writer.Write(a);
            }
        }

        return ms.ToArray();
    }

    [Fact]
    public void Writes_exactly_numpys_bytes_for_a_small_float_array()
    {
        // np.save of np.array([1.0, 2.0]) — spec Appendix A: 144 bytes, header length 0x76, data at 128.
        byte[] bytes = Save(NpyArray.FromArray(new[] { 1.0, 2.0 }));
        Assert.Equal(144, bytes.Length);
        string text = System.Text.Encoding.Latin1.GetString(bytes, 10, 118);
        Assert.Equal("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }" + new string(' ', 60) + "\n", text);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0x76, 0 }, bytes[..10]);
        Assert.Equal(BitConverter.GetBytes(1.0).Concat(BitConverter.GetBytes(2.0)), bytes[128..]);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(7, false)]
    [InlineData(4096, true)]
    public void Several_arrays_in_one_stream_read_back_in_turn(int maxRead, bool seekable)
    {
        byte[] bytes = Save(NpyArray.FromArray(new[] { 1, 2, 3 }), NpyArray.FromStrings(["x", "yz"]), NpyArray.FromScalar(2.5));
        using var reader = new NpyReader(new TrickleStream(new MemoryStream(bytes), maxRead, seekable));
        Assert.Equal(new[] { 1, 2, 3 }, reader.Read().ToArray<int>());
        Assert.Equal(["x", "yz"], reader.Read().ToArray<string>());
        Assert.Equal(2.5, reader.Read().GetScalar<double>());
        Assert.Null(reader.ReadNext());
        Assert.Throws<EndOfStreamException>(() => reader.Read());
    }

    [Fact]
    public async Task Async_read_and_write_round_trip()
    {
        var ms = new MemoryStream();
        await using (var writer = new NpyWriter(ms, leaveOpen: true))
        {
            await writer.WriteAsync(NpyArray.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2));
            await writer.WriteAsync(NpyArray.FromArray(new long[] { 5 }));
        }

        ms.Position = 0;
        await using var reader = new NpyReader(ms);
        var a = await reader.ReadAsync();
        Assert.Equal([2L, 2], a.Shape);
        Assert.Equal(new long[] { 5 }, (await reader.ReadAsync()).ToArray<long>());
        Assert.Null(await reader.ReadNextAsync());
    }

    [Fact]
    public void Span_writer_writes_without_an_array_object()
    {
        var ms = new MemoryStream();
        using (var writer = new NpyWriter(ms, leaveOpen: true))
        {
            writer.Write<int>(new[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        }

        ms.Position = 0;
        var array = new NpyReader(ms).Read();
        Assert.Equal([3L, 2], array.Shape);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, array.ToArray<int>());
    }

    [Fact]
    public void Fortran_flag_is_written_only_when_it_matters_like_numpy()
    {
        byte[] oneD = Save(NpyArray.FromArray(new[] { 1, 2, 3 }, [3], fortranOrder: true));
        Assert.Contains("'fortran_order': False", System.Text.Encoding.Latin1.GetString(oneD), StringComparison.Ordinal);
        byte[] twoD = Save(NpyArray.FromArray(new[] { 1, 2, 3, 4, 5, 6 }, [2, 3], fortranOrder: true));
        Assert.Contains("'fortran_order': True", System.Text.Encoding.Latin1.GetString(twoD), StringComparison.Ordinal);
        var back = new NpyReader(new MemoryStream(twoD)).Read();
        Assert.True(back.FortranOrder);
    }

    [Fact]
    public void Truncated_data_is_refused_without_a_partial_result()
    {
        byte[] bytes = Save(NpyArray.FromArray(new double[10]));
        var cut = bytes[..^1];
        Assert.Throws<NpyFormatException>(() => new NpyReader(new MemoryStream(cut)).Read());
        Assert.Throws<NpyFormatException>(() => new NpyReader(new TrickleStream(new MemoryStream(cut), 3)).Read());
    }

    [Fact]
    public void Declared_data_beyond_the_stream_is_refused_before_allocating()
    {
        // A header declaring (10**11,) <f8 — 800 GB — with no data (hostile-input N12).
        var header = new NpyHeader(NpyDType.Float64, [100_000_000_000L], false).Format();
        var limits = NpyLimits.Default with { MaxArrayBytes = long.MaxValue };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<NpyFormatException>(() => new NpyReader(new MemoryStream(header), limits).Read());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("800000000000", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Unseekable_stream_declaring_a_huge_array_costs_only_what_it_supplies()
    {
        var header = new NpyHeader(NpyDType.UInt8, [1L << 30], false).Format();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<NpyFormatException>(() => new NpyReader(new TrickleStream(new MemoryStream(header), 1 << 20)).Read());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 40L << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Array_bytes_limit_is_enforced_and_named()
    {
        var header = new NpyHeader(NpyDType.Float64, [1000], false).Format();
        var e = Assert.Throws<NpyLimitExceededException>(() => new NpyReader(new MemoryStream(header), NpyLimits.Default with { MaxArrayBytes = 100 }).Read());
        Assert.Equal(nameof(NpyLimits.MaxArrayBytes), e.OptionName);
        Assert.Equal(8000, e.Actual);
    }

    [Theory]
    [InlineData("|O")]
    [InlineData("|O8")]
    [InlineData("[('a', '<i4'), ('b', '|O')]")]
    public void Object_arrays_are_refused_and_never_unpickled(string descr)
    {
        var bytes = new NpyHeader(NpyDType.Parse(descr), [1], false).Format().Concat(new byte[16]).ToArray();
        var e = Assert.Throws<NotSupportedException>(() => new NpyReader(new MemoryStream(bytes)).Read());
        Assert.Contains("pickled", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<NotSupportedException>(() => new NpyWriter(new MemoryStream()).Write(NpyArray.Create(NpyDType.Parse(descr), [1])));
    }

    [Fact]
    public void Leave_open_is_honoured()
    {
        var ms = new MemoryStream();
        new NpyWriter(ms, leaveOpen: true).Dispose();
        Assert.True(ms.CanWrite);
        new NpyWriter(ms).Dispose();
        Assert.False(ms.CanWrite);
    }

    [Fact]
    public void A_top_level_subarray_descr_expands_into_the_shape_as_numpy_does()
    {
        var header = new NpyHeader(NpyDType.Parse("('<f8', (2,))"), [3], false);
        byte[] bytes = [.. header.Format(), .. new byte[48]];
        var array = new NpyReader(new MemoryStream(bytes)).Read();
        Assert.Equal("<f8", array.DType.ToString());
        Assert.Equal([3L, 2], array.Shape);
    }
}
