using System.Numerics;

namespace Npy.Tests.Arrays;

public class NpyArrayTypedTests
{
    [Fact]
    public void FromArray_shares_memory_and_maps_every_numeric_type()
    {
        AssertRoundTrip(new[] { true, false, true }, "|b1");
        AssertRoundTrip(new sbyte[] { -128, 0, 127 }, "|i1");
        AssertRoundTrip(new byte[] { 0, 1, 255 }, "|u1");
        AssertRoundTrip(new short[] { short.MinValue, -1, short.MaxValue }, "<i2");
        AssertRoundTrip(new ushort[] { 0, 1, ushort.MaxValue }, "<u2");
        AssertRoundTrip(new[] { int.MinValue, 0, int.MaxValue }, "<i4");
        AssertRoundTrip(new uint[] { 0, 7, uint.MaxValue }, "<u4");
        AssertRoundTrip(new[] { long.MinValue, 0, long.MaxValue }, "<i8");
        AssertRoundTrip(new ulong[] { 0, 9, ulong.MaxValue }, "<u8");
        AssertRoundTrip(new[] { Half.MinValue, (Half)1.5, Half.NaN }, "<f2");
        AssertRoundTrip(new[] { float.NegativeInfinity, -0.0f, float.Epsilon }, "<f4");
        AssertRoundTrip(new[] { double.NaN, double.MaxValue, -1e-310 }, "<f8");
        AssertRoundTrip(new[] { new Complex64(1, -2), new Complex64(float.NaN, 0) }, "<c8");
        AssertRoundTrip(new[] { new Complex(1, -2), new Complex(0, double.PositiveInfinity) }, "<c16");
    }

    private static void AssertRoundTrip<T>(T[] values, string descr)
        where T : unmanaged
    {
        var array = NpyArray.FromArray(values);
        Assert.Equal(descr, array.DType.ToString());
        Assert.Equal([values.Length], array.Shape);
        Assert.Equal(values, array.ToArray<T>());
        Assert.True(array.TryGetBackingArray(out T[]? backing));
        Assert.Same(values, backing);
        Assert.True(array.AsSpan<T>().SequenceEqual(values));
    }

    [Fact]
    public void Multidimensional_arrays_keep_shape_and_logical_indexing()
    {
        int[,,] cube = new int[2, 3, 4];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 4; k++)
                {
                    cube[i, j, k] = (i * 100) + (j * 10) + k;
                }
            }
        }

        var array = NpyArray.FromArray(cube);
        Assert.Equal([2L, 3, 4], array.Shape);
        Assert.False(array.FortranOrder);
        Assert.Equal(123, array.ToArray<int>()[(1 * 12) + (2 * 4) + 3]);
        var back = (int[,,])array.ToMultidimensionalArray<int>();
        Assert.Equal(cube, back);
    }

    [Fact]
    public void Fortran_order_data_reads_back_with_logical_indexing()
    {
        // Logical [[0,1,2],[3,4,5]] stored column-major is 0,3,1,4,2,5 (spec §3).
        var array = NpyArray.FromArray(new short[] { 0, 3, 1, 4, 2, 5 }, [2, 3], fortranOrder: true);
        var m = (short[,])array.ToMultidimensionalArray<short>();
        Assert.Equal(new short[,] { { 0, 1, 2 }, { 3, 4, 5 } }, m);
        Assert.Equal(new short[] { 0, 1, 2, 3, 4, 5 }, array.ToCOrder().ToArray<short>());
    }

    [Fact]
    public void Strings_round_trip_through_utf32_including_astral_and_lone_surrogates()
    {
        string[] values = ["", "a", "señor", "数据", "😀x", "\ud800lone"];
        var array = NpyArray.FromStrings(values);
        Assert.Equal("<U5", array.DType.ToString());
        Assert.Equal(values, array.ToArray<string>());
    }

    [Fact]
    public void String_longer_than_width_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NpyArray.FromStrings(["abcd"], null, 3));
    }

    [Fact]
    public void Byte_strings_drop_trailing_nuls_like_numpy()
    {
        var array = NpyArray.FromByteStrings([[1, 2, 0, 3], [9], []]);
        Assert.Equal("|S4", array.DType.ToString());
        var back = array.ToArray<byte[]>();
        Assert.Equal(new byte[] { 1, 2, 0, 3 }, back[0]);
        Assert.Equal(new byte[] { 9 }, back[1]);
        Assert.Empty(back[2]);
    }

    [Theory]
    [InlineData("D")]
    [InlineData("s")]
    [InlineData("ms")]
    [InlineData("us")]
    [InlineData("ns")]
    public void DateTimes_round_trip_with_unit_conversion_and_nat(string unit)
    {
        DateTime?[] values = [new DateTime(1969, 12, 31), null, new DateTime(2026, 11, 26)];
        var array = NpyArray.FromDateTimes(values, unit: unit);
        Assert.Equal($"<M8[{unit}]", array.DType.ToString());
        Assert.Equal(values, array.ToArray<DateTime?>());
        Assert.Equal(long.MinValue, array.AsSpan<long>()[1]);
        Assert.Throws<NpyTypeMismatchException>(() => array.ToArray<DateTime>());
    }

    [Fact]
    public void DateTime_counts_match_numpy_definitions()
    {
        var days = NpyArray.FromDateTimes([new DateTime(1970, 1, 2), new DateTime(1969, 12, 31, 12, 0, 0)], unit: "D");
        Assert.Equal([1L, -1L], days.AsSpan<long>().ToArray());
        var months = NpyArray.FromDateTimes([new DateTime(1971, 3, 1)], unit: "M");
        Assert.Equal(14L, months.AsSpan<long>()[0]);
    }

    [Fact]
    public void TimeSpans_round_trip()
    {
        TimeSpan?[] values = [TimeSpan.FromSeconds(-1.5), null, TimeSpan.FromDays(3)];
        var array = NpyArray.FromTimeSpans(values, unit: "ms");
        Assert.Equal("<m8[ms]", array.DType.ToString());
        Assert.Equal(values, array.ToArray<TimeSpan?>());
    }

    [Fact]
    public void Wrong_element_type_names_both_types()
    {
        var array = NpyArray.FromArray(new[] { 1.0, 2.0 });
        var e = Assert.Throws<NpyTypeMismatchException>(() => array.ToArray<float>());
        Assert.Contains("<f8", e.Message, StringComparison.Ordinal);
        Assert.Contains("Single", e.Message, StringComparison.Ordinal);
        Assert.Throws<NpyTypeMismatchException>(() => array.AsSpan<long>().Length);
        Assert.Throws<NpyTypeMismatchException>(() => array.ToArray<string>());
    }

    [Fact]
    public void Big_endian_data_stays_in_file_order_and_converts_on_typed_access()
    {
        byte[] raw = [0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0];
        var array = new NpyArray(NpyDType.Parse(">f8"), [2], false, raw);
        Assert.Equal(new[] { 1.0, 2.0 }, array.ToArray<double>());
        Assert.Equal(0x3F, array.Data.Span[0]);
        Assert.Throws<NpyTypeMismatchException>(() => array.AsSpan<double>().Length);
        var native = array.ToNativeByteOrder();
        Assert.Equal("<f8", native.DType.ToString());
        Assert.Equal(new[] { 1.0, 2.0 }, native.AsSpan<double>().ToArray());
    }

    [Fact]
    public void Structured_fields_are_extracted_with_subarray_dims()
    {
        var dtype = NpyDType.Parse("[('x', '<i4', (2,)), ('y', '>f8')]");
        Assert.Equal(16, dtype.ItemSize);
        var array = NpyArray.Create(dtype, [3]);
        var span = array.Data.Span;
        for (int r = 0; r < 3; r++)
        {
            BitConverter.TryWriteBytes(span.Slice(r * 16, 4), r);
            BitConverter.TryWriteBytes(span.Slice((r * 16) + 4, 4), -r);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(span.Slice((r * 16) + 8, 8), r + 0.5);
        }

        var x = array.GetField("x");
        Assert.Equal([3L, 2], x.Shape);
        Assert.Equal(new[] { 0, 0, 1, -1, 2, -2 }, x.ToArray<int>());
        Assert.Equal(new[] { 0.5, 1.5, 2.5 }, array.GetField("y").ToArray<double>());
        Assert.Throws<KeyNotFoundException>(() => array.GetField("z"));
        Assert.Equal(["x", "y"], array.FieldNames);
    }

    [Fact]
    public void Shape_must_match_element_count()
    {
        Assert.Throws<ArgumentException>(() => NpyArray.FromArray(new int[6], 4, 2));
        Assert.Throws<ArgumentException>(() => NpyArray.Create(NpyDType.Int32, [-1]));
    }

    [Fact]
    public void Zero_d_and_empty_arrays()
    {
        var scalar = NpyArray.FromScalar(42L);
        Assert.Empty(scalar.Shape);
        Assert.Equal(1, scalar.Length);
        Assert.Equal(42L, scalar.GetScalar<long>());
        var empty = NpyArray.Create(NpyDType.Float32, [2, 0, 3]);
        Assert.Equal(0, empty.Length);
        Assert.Empty(empty.ToArray<float>());
    }
}
