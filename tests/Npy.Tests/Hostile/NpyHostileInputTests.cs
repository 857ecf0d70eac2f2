using Npy.Tests.Format;
using Npy.Tests.Helpers;

namespace Npy.Tests.Hostile;

/// <summary>
/// hostile-input.md §6.1, one test per case N1–N18, through the public readers (<see cref="NpyReader"/>,
/// <see cref="NpyFile"/>). The header-level variants of each case live in Format/NpyHeader.Parse.Tests.cs
/// (referenced per case); the cases that could kill a process also run in a child process (Hostile/ChildProcessTests).
/// </summary>
/// <remarks>
/// Allocation bounds: the table's "≤ 1 KiB" is for what is sized from the input. The reader, its stream and the
/// exception with its message cost about 1 KiB on their own, so those cases assert ≤ 4 KiB.
/// </remarks>
public class NpyHostileInputTests
{
    private static readonly byte[] s_magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Builds a case's input from the shared list the command-line runs use too.</summary>
    private static byte[] Input(string name) => HostileInputs.All[name].Build();

    // Also: NpyHeaderParseTests.Short_or_foreign_input_is_refused (header level).
    [Fact]
    public void N1_empty_short_and_foreign_files_are_refused_with_little_allocation()
    {
        using var dir = new TempDir();
        string empty = dir.File("empty.npy", []);
        Hostile.Throws<NpyFormatException>(() => NpyFile.Load(empty), "is empty");

        byte[] fiveBytes = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P'];
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(fiveBytes), "too short");
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(png), "bad magic");
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(new byte[10]), "bad magic");

        foreach (byte[] input in new[] { fiveBytes, png, new byte[10] })
        {
            long allocated = Hostile.Allocated<NpyFormatException>(() => Hostile.Load(input));
            Assert.True(allocated <= 4096, $"{allocated} bytes allocated refusing a {input.Length}-byte input");
        }

        // A zip is routed to the .npz reader by name, as numpy.load's magic sniffing does.
        string zip = dir.File("archive.npy", "PK\u0003\u0004\u0014\0\0\0"u8.ToArray());
        Hostile.Throws<NpyFormatException>(() => NpyFile.Load(zip), "is a zip archive (.npz)");
        string emptyZip = dir.File("empty-archive.npy", "PK\u0005\u0006"u8.ToArray().Concat(new byte[18]).ToArray());
        Hostile.Throws<NpyFormatException>(() => NpyFile.Load(emptyZip), "is a zip archive (.npz)");
    }

    // Also: NpyHeaderParseTests.Unknown_versions_are_not_supported.
    [Theory]
    [InlineData(4, 0)]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void N2_unknown_versions_are_not_supported(byte major, byte minor)
    {
        byte[] bytes = Hostile.ValidF8(3);
        bytes[6] = major;
        bytes[7] = minor;
        Hostile.Throws<NotSupportedException>(() => Hostile.Load(bytes), $"npy format version {major}.{minor} not supported");
    }

    // Also: NpyHeaderParseTests.Declared_length_beyond_the_input_is_truncation.
    [Fact]
    public void N3_header_length_beyond_the_file_is_truncation_before_allocating()
    {
        byte[] bytes = Input("N3 65528-byte header in 20 bytes, default limits");
        Assert.Equal(20, bytes.Length);
        var ex = Hostile.Throws<NpyLimitExceededException>(() => Hostile.Load(bytes), "header length is 65528");
        Assert.Equal(nameof(NpyLimits.MaxHeaderBytes), ex.OptionName);
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(bytes, NpyLimits.Trusted), "declares 65528 bytes, 10 are available");
        Assert.True(Hostile.Allocated<NpyFormatException>(() => Hostile.Load(bytes, NpyLimits.Trusted)) <= 4096);
    }

    // Also: NpyHeaderParseTests.Huge_declared_length_exceeds_the_limit_before_reading, A_valid_200KB_header_needs_a_raised_limit.
    [Fact]
    public void N4_huge_v2_header_length_is_refused_before_any_read()
    {
        byte[] bytes = [.. s_magic, 2, 0, 0xF0, 0xFF, 0xFF, 0xFF];
        var ex = Hostile.Throws<NpyLimitExceededException>(() => Hostile.Load(bytes), "header length is 4294967280");
        Assert.Equal(nameof(NpyLimits.MaxHeaderBytes), ex.OptionName);
        Assert.Equal("--max-header-bytes", ex.CliFlag);
        Assert.True(Hostile.Allocated<NpyLimitExceededException>(() => Hostile.Load(bytes)) <= 4096);

        // Even trusted, 4 GiB of header cannot come from a 12-byte file: refused before the buffer is sized.
        Assert.ThrowsAny<NpyInvalidDataException>(() => Hostile.Load(bytes, NpyLimits.Trusted));
        Assert.True(Hostile.Allocated<NpyInvalidDataException>(() => Hostile.Load(bytes, NpyLimits.Trusted)) <= 4096);
    }

    [Fact]
    public void N4_a_valid_200KB_header_loads_only_with_a_raised_limit()
    {
        NpyDType dt = NpyDType.Structured(Enumerable.Range(0, 10001).Select(i => new NpyField($"f{i}", NpyDType.Float64, i * 8)));
        var array = NpyArray.Create(dt, [2]);
        array.Data.Span[8] = 7;
        byte[] bytes = Hostile.Valid(array);
        Assert.True(bytes.Length > 200_000);
        var ex = Hostile.Throws<NpyLimitExceededException>(() => Hostile.Load(bytes), nameof(NpyLimits.MaxHeaderBytes));
        Assert.Equal(nameof(NpyLimits.MaxHeaderBytes), ex.OptionName);
        NpyArray loaded = Hostile.Load(bytes, NpyLimits.Default with { MaxHeaderBytes = 1 << 20 });
        Assert.Equal(10001, loaded.DType.Fields.Count);
        Assert.Equal(array.Data.ToArray(), loaded.Data.ToArray());
    }

    // Also: NpyHeaderParseTests.Deep_nesting_is_refused_without_recursion; child process: ChildProcessTests.
    [Theory]
    [InlineData('(')]
    [InlineData('[')]
    public void N5_sixty_thousand_open_brackets_hit_the_depth_limit(char open)
    {
        byte[] bytes = Hostile.DeepNesting(open, 60_000);
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(bytes, NpyLimits.Default with { MaxHeaderBytes = 1 << 20 }), "nesting depth exceeds 32");
    }

    // Also: NpyHeaderParseTests.Malformed_literals_are_format_errors_with_an_offset, Top_level_must_be_a_dict, V3_requires_valid_utf8_and_v1_decodes_latin1.
    [Fact]
    public void N6_unterminated_garbage_non_dict_and_bad_utf8_headers()
    {
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(Input("N6 unterminated header")), "byte offset");
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(Input("N6 header not a dict")), "not a dictionary");
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(Input("N6 bad UTF-8 in a v3 header")), "not valid UTF-8 at byte offset");
    }

    // Also: NpyHeaderParseTests.Key_and_value_errors_name_the_problem.
    [Theory]
    [InlineData("{'descr': '<f8', 'shape': (2,)}", "exactly the keys")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extrakey': -1}", "exactly the keys descr, fortran_order, shape")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'shape': (3,)}", "duplicate key 'shape'")]
    [InlineData("{'descr': '<f8', 'fortran_order': 1, 'shape': (2,)}", "fortran_order must be True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': 'False', 'shape': (2,)}", "fortran_order must be True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': None, 'shape': (2,)}", "fortran_order must be True or False")]
    public void N7_missing_extra_duplicate_keys_and_bad_fortran_order(string dict, string message)
    {
        Hostile.Throws<NpyFormatException>(() => Hostile.Load([.. HeaderBytes.Make(dict + "\n"), .. new byte[16]]), message);
    }

    // Also: NpyHeaderParseTests.Negative_dimensions_are_refused.
    [Theory]
    [InlineData("(-1,)", "negative dimension -1 at axis 0")]
    [InlineData("(3, -2)", "negative dimension -2 at axis 1")]
    public void N8_negative_dimensions_are_refused_without_allocation(string shape, string message)
    {
        byte[] bytes = Hostile.Npy(shape, data: new byte[64]);
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(bytes), message);
        Assert.True(Hostile.Allocated<NpyFormatException>(() => Hostile.Load(bytes)) <= 16 << 10);
    }

    // Also: NpyHeaderParseTests.Non_int_dimensions_are_refused, Python2_long_suffix_is_accepted_in_v1_and_v2_only.
    // Decision: Python 2's L suffix is accepted in v1/v2 (numpy's _filter_header does so); True is refused although
    // numpy accepts it (bool is an int subclass) — a documented differential.
    [Theory]
    [InlineData("(3.0,)")]
    [InlineData("('3',)")]
    [InlineData("(True,)")]
    [InlineData("(0x10,)")]
    [InlineData("(1_000,)")]
    public void N9_non_decimal_dimensions_are_refused(string shape)
    {
        Assert.Throws<NpyFormatException>(() => Hostile.Load(Hostile.Npy(shape, data: new byte[8192])));
    }

    [Fact]
    public void N9_python2_long_suffix_is_accepted_in_v1_and_v2()
    {
        Assert.Equal([2L], Hostile.Load(Hostile.Npy("(2L,)", data: new byte[16])).Shape);
        Assert.Equal([2L], Hostile.Load(Hostile.Npy("(2L,)", data: new byte[16], version: 2)).Shape);
        Assert.Throws<NpyFormatException>(() => Hostile.Load(Hostile.Npy("(2L,)", data: new byte[16], version: 3)));
    }

    // Also: NpyHeaderParseTests.Too_many_dimensions_exceed_the_limit.
    [Fact]
    public void N10_sixty_five_dimensions_exceed_the_limit()
    {
        var ex = Assert.Throws<NpyLimitExceededException>(() => Hostile.Load(Input("N10 65 dimensions")));
        Assert.Equal(nameof(NpyLimits.MaxDimensions), ex.OptionName);
        Assert.Equal(65, ex.Actual);
        Assert.Equal(64, ex.Allowed);
    }

    // Also: NpyHeaderParseTests.Size_overflow_is_a_format_error, A_zero_dimension_makes_an_empty_array_whatever_the_order.
    [Theory]
    [InlineData("(4294967296, 4294967296, 4294967296)", "element count overflows")]
    [InlineData("(2305843009213693952,)", "byte size overflows")]
    public void N11_size_overflow_is_refused_without_allocation(string shape, string message)
    {
        byte[] bytes = Hostile.Npy(shape, data: new byte[64]);
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(bytes, NpyLimits.Trusted), message);
        Assert.True(Hostile.Allocated<NpyFormatException>(() => Hostile.Load(bytes, NpyLimits.Trusted)) <= 16 << 10);
    }

    // Documented answer: any zero dimension makes an empty array, whatever the order of the dimensions.
    [Theory]
    [InlineData("(4611686018427387904, 4611686018427387904, 0)")]
    [InlineData("(0, 4611686018427387904, 4611686018427387904)")]
    public void N11_a_zero_dimension_among_huge_ones_is_an_empty_array_in_any_order(string shape)
    {
        NpyArray array = Hostile.Load(Hostile.Npy(shape));
        Assert.Equal(0, array.Length);
        Assert.Equal(0, array.Data.Length);
    }

    // Also: NpyReaderWriterTests.Declared_data_beyond_the_stream_is_refused_before_allocating,
    // Unseekable_stream_declaring_a_huge_array_costs_only_what_it_supplies.
    [Fact]
    public void N12_tiny_file_declaring_800GB_is_refused_before_allocation()
    {
        byte[] bytes = Hostile.Npy("(100000000000,)");
        var limit = Assert.Throws<NpyLimitExceededException>(() => Hostile.Load(bytes));
        Assert.Equal(nameof(NpyLimits.MaxArrayBytes), limit.OptionName);
        Assert.Equal(800_000_000_000, limit.Actual);

        // With every limit lifted, the availability rule (no switch) still refuses it before allocating.
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(bytes, NpyLimits.Trusted), "declares 800000000000 data bytes, but only 0 are available");
        Assert.True(Hostile.Allocated<NpyFormatException>(() => Hostile.Load(bytes, NpyLimits.Trusted)) <= 64 << 10);
        using var dir = new TempDir();
        string path = dir.File("huge.npy", bytes);
        Assert.Throws<NpyFormatException>(() => NpyFile.Load(path, NpyLimits.Trusted));
    }

    // Also: NpyReaderWriterTests.Truncated_data_is_refused_without_a_partial_result.
    [Fact]
    public void N13_last_byte_cut_is_truncation_and_returns_nothing()
    {
        byte[] full = Hostile.ValidF8(10);
        byte[] cut = full[..^1];
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(cut), "declares 80 data bytes, but only 79 are available");
        using var unseekable = new NpyReader(new TrickleStream(new MemoryStream(cut), maxRead: 4096));
        Hostile.Throws<NpyFormatException>(() => unseekable.Read(), "truncated: expected 80 bytes, got 79");
    }

    // Policy: NumPy ignores bytes after the array and so does NpyFile.Load. There is no Strict switch; a caller who
    // wants strictness reads on with NpyReader, which parses what follows as the next array and refuses garbage.
    [Fact]
    public void N14_trailing_megabyte_is_ignored_by_load_and_refused_as_a_next_array()
    {
        byte[] bytes = [.. Hostile.ValidF8(4), .. new byte[1 << 20]];
        using var dir = new TempDir();
        string path = dir.File("trailing.npy", bytes);
        Assert.Equal(new[] { 0.0, 0.5, 1.0, 1.5 }, NpyFile.Load<double>(path));
        using var reader = new NpyReader(new MemoryStream(bytes));
        Assert.Equal(4, reader.Read().Length);
        Hostile.Throws<NpyFormatException>(() => reader.ReadNext(), "bad magic");
    }

    // Also: NpyReaderWriterTests.Object_arrays_are_refused_and_never_unpickled, NpyHeaderParseTests.Object_dtypes_parse_and_are_flagged.
    [Theory]
    [InlineData("'|O'")]
    [InlineData("[('a', '<i4'), ('b', '|O')]")]
    public void N15_object_arrays_are_refused_and_the_pickle_is_never_read(string descr)
    {
        byte[] header = Hostile.Npy("(3,)", descr);
        byte[] pickle = [0x80, 0x02, (byte)'c', (byte)'o', (byte)'s', (byte)'\n', (byte)'s', (byte)'y', (byte)'s', (byte)'t', (byte)'e', (byte)'m', (byte)'\n', .. new byte[100]];
        var stream = new MemoryStream([.. header, .. pickle], writable: false);
        using var reader = new NpyReader(stream);
        Hostile.Throws<NotSupportedException>(() => reader.Read(), "pickled Python objects");
        Assert.Equal(header.Length, stream.Position);
    }

    // Also: NpyHeaderParseTests.Odd_descrs_are_format_errors, Oversized_descrs_exceed_the_item_size_limit;
    // NpyDTypeParseTests.Invalid_descrs_raise_format_errors.
    [Theory]
    [InlineData("'<f3'", typeof(NpyFormatException))]
    [InlineData("'<q16'", typeof(NpyFormatException))]
    [InlineData("'<U-1'", typeof(NpyFormatException))]
    [InlineData("'<U99999999999'", typeof(NpyLimitExceededException))]
    [InlineData("'|S2147483648'", typeof(NpyLimitExceededException))]
    public void N16_bad_or_oversized_descrs(string descr, Type expected)
    {
        var ex = Assert.ThrowsAny<NpyInvalidDataException>(() => Hostile.Load(Hostile.Npy("(3,)", descr, new byte[64])));
        Assert.IsType(expected, ex);
    }

    [Fact]
    public void N16_void_zero_with_a_shape_has_no_data_and_U_size_is_checked()
    {
        NpyArray v0 = Hostile.Load(Hostile.Npy("(5,)", "'|V0'"));
        Assert.Equal(5, v0.Length);
        Assert.Equal(0, v0.Data.Length);

        // 4 × 600,000,000 overflows int32: computed with checked 64-bit arithmetic, it is a clean limit error even trusted.
        Assert.ThrowsAny<NpyInvalidDataException>(() => Hostile.Load(Hostile.Npy("(1,)", "'<U600000000'"), NpyLimits.Trusted));
    }

    // Also: NpyHeaderParseTests.Deeply_nested_structured_dtype_is_refused_by_depth, Very_deep_structured_dtype_with_no_depth_limit_does_not_crash.
    [Fact]
    public void N17_deep_structured_dtype_is_refused_by_the_depth_limit()
    {
        byte[] bytes = Input("N17 structured dtype 40 deep");
        Hostile.Throws<NpyFormatException>(() => Hostile.Load(bytes), "nesting depth exceeds 32");
    }

    // Big-endian, Fortran order, scalars and empty arrays: Golden/GoldenNpyTests (every numpy golden file, values
    // compared with numpy's manifest). Here: bool bytes other than 0/1.
    [Fact]
    public void N18_bool_bytes_other_than_0_and_1_are_normalised()
    {
        byte[] bytes = Hostile.Npy("(4,)", "'|b1'", [0, 1, 2, 0xFF]);
        NpyArray array = Hostile.Load(bytes);
        Assert.Equal(new byte[] { 0, 1, 1, 1 }, array.Data.ToArray());
        bool[] values = array.ToArray<bool>();
        Assert.Equal(new[] { false, true, true, true }, values);
        Assert.True(values[2] == true);

        // Inside a structured array the record bytes stay as stored; a bool field taken out is normalised.
        NpyArray records = Hostile.Load(Hostile.Npy("(3,)", "[('i', '<i2'), ('b', '|b1')]", [1, 0, 2, 2, 0, 5, 3, 0, 0]));
        Assert.Equal(new[] { true, true, false }, records.GetField("b").ToArray<bool>());
        Assert.Equal(new byte[] { 1, 1, 0 }, records.GetField("b").Data.ToArray());
    }

    [Fact]
    public void N18_a_large_bool_array_is_normalised_in_every_piece_of_its_parallel_scan()
    {
        // 40 MiB: scanned in 4 MiB pieces on all cores; stray bytes at piece edges, in the middle and at the end.
        const int Length = 40 << 20;
        byte[] data = new byte[Length];
        int[] strays = [0, 1, (4 << 20) - 1, 4 << 20, (4 << 20) + 1, 17_000_000, Length - 2, Length - 1];
        for (int i = 0; i < data.Length; i += 7)
        {
            data[i] = 1;
        }

        foreach (int at in strays)
        {
            data[at] = (byte)(2 + (at % 250));
        }

        byte[] expected = data.Select(b => b == 0 ? (byte)0 : (byte)1).ToArray();
        byte[] npy = Hostile.Npy($"({Length},)", "'|b1'", data);
        Assert.True(expected.AsSpan().SequenceEqual(Hostile.Load(npy).Data.Span));

        // The same member stored in an archive: read in pieces on all cores, then scanned.
        var forger = new Npy.Tests.Zip.ZipForger();
        forger.Stored("mask.npy", npy);
        using var dir = new TempDir();
        string path = dir.File("mask.npz", forger.Build());
        Assert.True(expected.AsSpan().SequenceEqual(NpzFile.Load(path)["mask"].Data.Span));
    }
}
