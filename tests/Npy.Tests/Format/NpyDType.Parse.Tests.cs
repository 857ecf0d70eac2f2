namespace Npy.Tests.Format;

public class NpyDTypeParseTests
{
    [Theory]
    [InlineData("<f8", NpyKind.Float, NpyByteOrder.Little, 8, "<f8")]
    [InlineData(">f8", NpyKind.Float, NpyByteOrder.Big, 8, ">f8")]
    [InlineData("=f4", NpyKind.Float, NpyByteOrder.Little, 4, "<f4")]
    [InlineData("f4", NpyKind.Float, NpyByteOrder.Little, 4, "<f4")]
    [InlineData("<f2", NpyKind.Float, NpyByteOrder.Little, 2, "<f2")]
    [InlineData("<f12", NpyKind.Float, NpyByteOrder.Little, 12, "<f12")]
    [InlineData("<f16", NpyKind.Float, NpyByteOrder.Little, 16, "<f16")]
    [InlineData("<c8", NpyKind.Complex, NpyByteOrder.Little, 8, "<c8")]
    [InlineData(">c16", NpyKind.Complex, NpyByteOrder.Big, 16, ">c16")]
    [InlineData("<c24", NpyKind.Complex, NpyByteOrder.Little, 24, "<c24")]
    [InlineData("<c32", NpyKind.Complex, NpyByteOrder.Little, 32, "<c32")]
    [InlineData("|b1", NpyKind.Bool, NpyByteOrder.NotApplicable, 1, "|b1")]
    [InlineData("b1", NpyKind.Bool, NpyByteOrder.NotApplicable, 1, "|b1")]
    [InlineData("?", NpyKind.Bool, NpyByteOrder.NotApplicable, 1, "|b1")]
    [InlineData(">b1", NpyKind.Bool, NpyByteOrder.NotApplicable, 1, "|b1")]
    [InlineData("|i1", NpyKind.Int, NpyByteOrder.NotApplicable, 1, "|i1")]
    [InlineData("<i1", NpyKind.Int, NpyByteOrder.NotApplicable, 1, "|i1")]
    [InlineData("|u1", NpyKind.UInt, NpyByteOrder.NotApplicable, 1, "|u1")]
    [InlineData("<i2", NpyKind.Int, NpyByteOrder.Little, 2, "<i2")]
    [InlineData(">i4", NpyKind.Int, NpyByteOrder.Big, 4, ">i4")]
    [InlineData("i4", NpyKind.Int, NpyByteOrder.Little, 4, "<i4")]
    [InlineData("=i4", NpyKind.Int, NpyByteOrder.Little, 4, "<i4")]
    [InlineData("|i4", NpyKind.Int, NpyByteOrder.Little, 4, "<i4")]
    [InlineData("<i8", NpyKind.Int, NpyByteOrder.Little, 8, "<i8")]
    [InlineData("<u2", NpyKind.UInt, NpyByteOrder.Little, 2, "<u2")]
    [InlineData("<u4", NpyKind.UInt, NpyByteOrder.Little, 4, "<u4")]
    [InlineData(">u8", NpyKind.UInt, NpyByteOrder.Big, 8, ">u8")]
    [InlineData("|S0", NpyKind.Bytes, NpyByteOrder.NotApplicable, 0, "|S0")]
    [InlineData("|S5", NpyKind.Bytes, NpyByteOrder.NotApplicable, 5, "|S5")]
    [InlineData("<S5", NpyKind.Bytes, NpyByteOrder.NotApplicable, 5, "|S5")]
    [InlineData("a5", NpyKind.Bytes, NpyByteOrder.NotApplicable, 5, "|S5")]
    [InlineData("<U0", NpyKind.Unicode, NpyByteOrder.Little, 0, "<U0")]
    [InlineData("<U5", NpyKind.Unicode, NpyByteOrder.Little, 20, "<U5")]
    [InlineData(">U3", NpyKind.Unicode, NpyByteOrder.Big, 12, ">U3")]
    [InlineData("|V0", NpyKind.Void, NpyByteOrder.NotApplicable, 0, "|V0")]
    [InlineData("|V16", NpyKind.Void, NpyByteOrder.NotApplicable, 16, "|V16")]
    [InlineData("<M8", NpyKind.DateTime, NpyByteOrder.Little, 8, "<M8")]
    [InlineData("|M8", NpyKind.DateTime, NpyByteOrder.Little, 8, "<M8")]
    [InlineData("<M8[ms]", NpyKind.DateTime, NpyByteOrder.Little, 8, "<M8[ms]")]
    [InlineData(">M8[us]", NpyKind.DateTime, NpyByteOrder.Big, 8, ">M8[us]")]
    [InlineData("<M8[10ms]", NpyKind.DateTime, NpyByteOrder.Little, 8, "<M8[10ms]")]
    [InlineData("M8[1ms]", NpyKind.DateTime, NpyByteOrder.Little, 8, "<M8[ms]")]
    [InlineData("<M8[generic]", NpyKind.DateTime, NpyByteOrder.Little, 8, "<M8")]
    [InlineData("<m8", NpyKind.TimeDelta, NpyByteOrder.Little, 8, "<m8")]
    [InlineData("<m8[as]", NpyKind.TimeDelta, NpyByteOrder.Little, 8, "<m8[as]")]
    [InlineData("|O", NpyKind.Object, NpyByteOrder.NotApplicable, 8, "|O")]
    [InlineData("|O8", NpyKind.Object, NpyByteOrder.NotApplicable, 8, "|O")]
    [InlineData("|O4", NpyKind.Object, NpyByteOrder.NotApplicable, 8, "|O")]
    [InlineData("O", NpyKind.Object, NpyByteOrder.NotApplicable, 8, "|O")]
    [InlineData("int32", NpyKind.Int, NpyByteOrder.Little, 4, "<i4")]
    [InlineData("float64", NpyKind.Float, NpyByteOrder.Little, 8, "<f8")]
    [InlineData("bool", NpyKind.Bool, NpyByteOrder.NotApplicable, 1, "|b1")]
    [InlineData("d", NpyKind.Float, NpyByteOrder.Little, 8, "<f8")]
    [InlineData("b", NpyKind.Int, NpyByteOrder.NotApplicable, 1, "|i1")]
    [InlineData("datetime64[ns]", NpyKind.DateTime, NpyByteOrder.Little, 8, "<M8[ns]")]
    public void Simple_descrs_parse_like_numpy(string descr, NpyKind kind, NpyByteOrder order, int itemSize, string str)
    {
        NpyDType dt = NpyDType.Parse(descr);
        Assert.Equal(kind, dt.Kind);
        Assert.Equal(order, dt.ByteOrder);
        Assert.Equal(itemSize, dt.ItemSize);
        Assert.Equal(str, dt.ToString());
        Assert.Equal(dt, NpyDType.Parse(dt.ToString()));
        Assert.Equal(kind == NpyKind.Object, dt.HasObject);
    }

    [Fact]
    public void Datetime_units_and_multipliers_are_exposed()
    {
        NpyDType dt = NpyDType.Parse("<M8[10ms]");
        Assert.Equal("ms", dt.DateTimeUnit);
        Assert.Equal(10, dt.DateTimeMultiplier);
        Assert.Null(NpyDType.Parse("<m8").DateTimeUnit);
        Assert.Equal(NpyDType.DateTime64("ms", 10), dt);
        Assert.Equal("<m8[D]", NpyDType.TimeDelta64("D").ToString());
        Assert.Throws<ArgumentException>(() => NpyDType.DateTime64("fortnight"));
    }

    [Theory]
    [InlineData("<i3")]
    [InlineData("<f3")]
    [InlineData("<q16")]
    [InlineData("i16")]
    [InlineData("b2")]
    [InlineData("<U-1")]
    [InlineData("u")]
    [InlineData("")]
    [InlineData("<")]
    [InlineData("<M8[fortnight]")]
    [InlineData("<M8[0ms]")]
    [InlineData("<M4")]
    [InlineData("x")]
    [InlineData("[('a', '<i4'), ('a', '<i4')]")]
    [InlineData("[(b'x', '<i4')]")]
    [InlineData("[('x', b'<i4')]")]
    [InlineData("[('x',)]")]
    [InlineData("[('x', '<i4', (2,), 1)]")]
    [InlineData("[('x', '<i4', (-1,))]")]
    [InlineData("[('x', '<i4', (2.0,))]")]
    [InlineData("[(('t', 'x'), '<i4'), ('t', '<i4')]")]
    [InlineData("[('x', '<i4')")]
    [InlineData("('<f8', (5,), 1)")]
    public void Invalid_descrs_raise_format_errors(string descr)
    {
        Assert.Throws<NpyFormatException>(() => NpyDType.Parse(descr));
        Assert.False(NpyDType.TryParse(descr, out NpyDType? dt));
        Assert.Null(dt);
    }

    [Theory]
    [InlineData("<U99999999999")]
    [InlineData("|S2147483648")]
    [InlineData("|V1048577")]
    [InlineData("[('x', '<f8', (1000, 1000))]")]
    public void Oversized_items_exceed_the_item_size_limit(string descr)
    {
        var ex = Assert.Throws<NpyLimitExceededException>(() => NpyDType.Parse(descr));
        Assert.Equal(nameof(NpyLimits.MaxItemSize), ex.OptionName);
    }

    [Fact]
    public void Huge_item_sizes_beyond_the_model_are_format_errors_even_when_trusted()
    {
        Assert.Throws<NpyFormatException>(() => NpyDType.Parse("|S2147483648", NpyLimits.Trusted));
        Assert.Throws<NpyFormatException>(() => NpyDType.Parse("<U999999999999999999999999", NpyLimits.Trusted));
    }

    [Theory]
    [InlineData("[('x', '<i4', (2,)), ('y', '<f8', (2, 2)), ('z', '|u1')]", 41)]
    [InlineData("[('a', [('b', '<i2'), ('c', '|S2')]), ('d', '<f4')]", 8)]
    [InlineData("[('', '|V1'), (('aa', 'a'), '<i4'), ('', '|V1'), (('bb', 'b'), '<i4')]", 10)]
    [InlineData("[('a', [('b', '<f4', (2,))], (3,))]", 24)]
    [InlineData("[('c', ('<f8', (5,)), (2,))]", 80)]
    [InlineData("[('c', '<f8', (1,))]", 8)]
    [InlineData("[('', '|V8')]", 8)]
    [InlineData("[]", 0)]
    [InlineData("[('', '<i4')]", 4)]
    [InlineData("[('f0', '|i1'), ('', '|V3'), ('f1', '<i4'), ('f2', '|i1'), ('', '|V3')]", 12)]
    [InlineData("[('x', '<M8[10ms]'), ('o', '|O')]", 16)]
    [InlineData("[('é', '<i4')]", 4)]
    [InlineData("[(\"it's\", '<i4'), ('both \\' \"', '<i2'), ('nbsp\\xa0', '|u1')]", 7)]
    [InlineData("('<f8', (5,))", 40)]
    public void Structured_descrs_round_trip_exactly(string descr, int itemSize)
    {
        NpyDType dt = NpyDType.Parse(descr);
        Assert.Equal(itemSize, dt.ItemSize);
        Assert.Equal(descr, dt.ToString());
        Assert.Equal(dt, NpyDType.Parse(dt.ToString()));
    }

    [Theory]
    [InlineData("[('c', ('<f8', (5,)))]", "[('c', '<f8', (5,))]")]
    [InlineData("[('c', '<f8', ())]", "[('c', '<f8')]")]
    [InlineData("[('c', '<f8', 2)]", "[('c', '<f8', (2,))]")]
    [InlineData("[('c', '<f8', 1)]", "[('c', '<f8')]")]
    [InlineData("[['c', 'f8']]", "[('c', '<f8')]")]
    [InlineData("[('', '|V1', (3,)), ('a', '<i4')]", "[('', '|V3'), ('a', '<i4')]")]
    [InlineData("[('', '<f8', (2,)), ('a', 'u1')]", "[('', '|V16'), ('a', '|u1')]")]
    [InlineData("[('a', '<i4'), ('', '|V3'), ('', '|V2'), ('b', 'u1')]", "[('a', '<i4'), ('', '|V5'), ('b', '|u1')]")]
    [InlineData("[('x', '<i4'), ('', [])]", "[('x', '<i4'), ('', [])]")]
    [InlineData("[(u'x', 'i' 'nt32',),]", "[('x', '<i4')]")]
    public void Structured_descrs_normalise_like_numpy(string descr, string expected)
    {
        Assert.Equal(expected, NpyDType.Parse(descr).ToString());
    }

    [Fact]
    public void Structured_fields_carry_names_titles_offsets_and_shapes()
    {
        NpyDType dt = NpyDType.Parse("[('', '|V1'), (('aa', 'a'), '<i4'), ('c', ('<f8', (5,)), (2,)), ('n', [('b', '|O')])]");
        Assert.Equal(NpyKind.Structured, dt.Kind);
        Assert.Equal(3, dt.Fields.Count);
        Assert.Equal("a", dt.Fields[0].Name);
        Assert.Equal("aa", dt.Fields[0].Title);
        Assert.Equal(1, dt.Fields[0].Offset);
        Assert.Equal(5, dt.Fields[1].Offset);
        Assert.Equal([2], dt.Fields[1].Shape);
        Assert.Equal(NpyKind.Subarray, dt.Fields[1].DType.Kind);
        Assert.Equal([5], dt.Fields[1].DType.SubarrayShape);
        Assert.Equal(80, dt.Fields[1].ItemSize);
        Assert.True(dt.HasObject);
        Assert.Equal(93, dt.ItemSize);
    }

    [Fact]
    public void With_byte_order_recurses_and_keeps_one_byte_types()
    {
        NpyDType dt = NpyDType.Parse("[('a', '<i4'), ('b', [('c', '<f8', (2,)), ('d', '|u1'), ('e', '|S3')])]");
        NpyDType big = dt.WithByteOrder(NpyByteOrder.Big);
        Assert.Equal("[('a', '>i4'), ('b', [('c', '>f8', (2,)), ('d', '|u1'), ('e', '|S3')])]", big.ToString());
        Assert.False(big.IsNativeByteOrder);
        Assert.True(dt.IsNativeByteOrder);
        Assert.Equal(dt, big.WithByteOrder(NpyByteOrder.Little));
        Assert.Equal("|b1", NpyDType.Bool.WithByteOrder(NpyByteOrder.Big).ToString());
        Assert.Equal(">U2", NpyDType.Unicode(2).WithByteOrder(NpyByteOrder.Big).ToString());
    }

    [Fact]
    public void Factories_build_the_documented_types()
    {
        Assert.Equal("|S4", NpyDType.Bytes(4).ToString());
        Assert.Equal("<U5", NpyDType.Unicode(5).ToString());
        Assert.Equal(20, NpyDType.Unicode(5).ItemSize);
        Assert.Equal("|V3", NpyDType.Void(3).ToString());
        Assert.Equal("('<f8', (2, 3))", NpyDType.Subarray(NpyDType.Float64, [2, 3]).ToString());
        Assert.Same(NpyDType.Float64, NpyDType.Subarray(NpyDType.Float64, []));
        NpyDType s = NpyDType.Structured([new NpyField("x", NpyDType.Int32, 0, [2]), new NpyField("y", NpyDType.Float64, 12)], 24);
        Assert.Equal("[('x', '<i4', (2,)), ('', '|V4'), ('y', '<f8'), ('', '|V4')]", s.ToString());
        Assert.Throws<ArgumentException>(() => NpyDType.Structured([new NpyField("x", NpyDType.Int32, 4), new NpyField("y", NpyDType.Int32, 0)]));
        Assert.Throws<ArgumentException>(() => NpyDType.Structured([new NpyField("x", NpyDType.Int32, 0), new NpyField("y", NpyDType.Int32, 2)]));
        Assert.Throws<ArgumentException>(() => NpyDType.Structured([new NpyField("x", NpyDType.Int32, 0), new NpyField("x", NpyDType.Int32, 4)]));
        Assert.Throws<ArgumentException>(() => NpyDType.Structured([new NpyField("x", NpyDType.Int32, 0)], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => NpyDType.Bytes(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => NpyDType.Unicode(int.MaxValue / 2));
    }

    [Fact]
    public void Descrs_agree_with_numpy()
    {
        string[] lines = NumPyOracle.RunScript("format/numpy_descrs.py");
        var failures = new List<string>();
        foreach (string line in lines)
        {
            string[] parts = line.Split('\t');
            string descr = parts[0];
            string expected = parts[1];
            bool ok = NpyDType.TryParse(descr, out NpyDType? dt);
            string actual = ok ? dt!.ToString() : "ERROR";
            if (actual != expected)
            {
                failures.Add($"{descr}: numpy {expected}, ours {actual}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
