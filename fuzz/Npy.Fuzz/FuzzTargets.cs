using System.Buffers.Binary;

namespace Npy.Fuzz;

/// <summary>The fuzz targets: each takes arbitrary bytes and fails only by letting an undocumented exception escape.</summary>
/// <remarks>
/// Shared verbatim by the SharpFuzz harness and by the test that replays the committed corpus, so CI exercises
/// exactly the code the fuzzer ran. Never catch everything here: the oracle is "only documented exceptions".
/// </remarks>
public static class FuzzTargets
{
    private static NpyLimits? s_limits;

    /// <summary>Gets the limits of the reader targets: small, so the fuzzer spends its time on parsing, not on allocating.</summary>
    /// <remarks>Built on first use: under afl-fuzz, instrumented library code must not run before the harness starts.</remarks>
    public static NpyLimits Limits => s_limits ??= NpyLimits.Default with
    {
        MaxHeaderBytes = 4096,
        MaxArrayBytes = 1 << 20,
        MaxTotalBytes = 16 << 20,
    };

    /// <summary>The target names, as given on the command line and used as corpus folder names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["header", "npy", "npz", "roundtrip", "deflate", "inflate"];

    /// <summary>Runs one target on one input.</summary>
    public static void Run(string target, ReadOnlySpan<byte> data)
    {
        switch (target)
        {
            case "header":
                Guard(data, Header);
                break;
            case "npy":
                Guard(data, Npy);
                break;
            case "npz":
                Guard(data, Npz);
                break;
            case "roundtrip":
                RoundTrip(data);
                break;
            case "deflate":
                Deflate(data);
                break;
            case "inflate":
                Inflate(data);
                break;
            default:
                throw new ArgumentException($"Unknown fuzz target '{target}'; expected one of {string.Join(", ", Names)}.", nameof(target));
        }
    }

    /// <summary>Tells whether an exception is one malformed input may raise.</summary>
    public static bool IsDocumented(Exception ex) =>
        ex is NpyInvalidDataException or NotSupportedException or OperationCanceledException;

    private delegate void SpanAction(ReadOnlySpan<byte> data);

    private static void Guard(ReadOnlySpan<byte> data, SpanAction target)
    {
        try
        {
            target(data);
        }
        catch (Exception ex) when (IsDocumented(ex))
        {
            // The documented outcome for malformed input.
        }
    }

    private static void Header(ReadOnlySpan<byte> data)
    {
        if (NpyHeader.TryGetPrefixLength(data, Limits, out int length) && length <= data.Length)
        {
            NpyHeader header = NpyHeader.Parse(data, Limits);
            _ = header.ToString();
            _ = header.DType.ToString();
            // Whatever parses must format and parse back to the same header.
            NpyHeader again = NpyHeader.Parse(header.Format(), Limits with { MaxHeaderBytes = 1 << 20 });
            Check(header.Equals(again), "header does not survive Format then Parse");
        }
        else
        {
            NpyHeader.Parse(data, Limits);
        }
    }

    private static void Npy(ReadOnlySpan<byte> data)
    {
        byte[] bytes = data.ToArray();
        Phase(() =>
        {
            using var reader = new NpyReader(new MemoryStream(bytes, writable: false), Limits);
            for (int i = 0; i < 4 && reader.ReadNext() is { } array; i++)
            {
                Touch(array);
            }
        });

        // The same bytes through a stream that cannot seek and returns short reads, synchronously and asynchronously.
        Phase(() =>
        {
            using var reader = new NpyReader(new ChunkedReadStream(bytes), Limits);
            while (reader.ReadNext() is { } array)
            {
                Touch(array);
            }
        });
        Phase(() =>
        {
            using var reader = new NpyReader(new ChunkedReadStream(bytes), Limits);
            while (reader.ReadNextAsync().AsTask().GetAwaiter().GetResult() is { } array)
            {
                Touch(array);
            }
        });
    }

    /// <summary>Runs one independent use of the input: a documented refusal ends that use only.</summary>
    private static void Phase(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (IsDocumented(ex))
        {
        }
    }

    private static void Npz(ReadOnlySpan<byte> data)
    {
        using NpzReader archive = NpzReader.Open(new MemoryStream(data.ToArray(), writable: false), Limits);
        _ = archive.ToString();
        foreach (NpzMember member in archive.Members)
        {
            TryMember(archive, member);
        }
    }

    private static void TryMember(NpzReader archive, NpzMember member)
    {
        try
        {
            if (archive.IsArray(member.MemberName))
            {
                _ = archive.ReadHeader(member.MemberName);
                Touch(archive.Read(member.MemberName));
            }
            else
            {
                _ = archive.ReadBytes(member.MemberName);
            }
        }
        catch (Exception ex) when (IsDocumented(ex))
        {
            // One bad member must not hide the others.
        }

        try
        {
            using Stream s = archive.OpenMember(member.MemberName);
            s.CopyTo(Stream.Null);
        }
        catch (Exception ex) when (IsDocumented(ex))
        {
        }
    }

    private static void Touch(NpyArray array)
    {
        _ = array.ToString();
        _ = array.Header.Format();
        if (array.DType.Fields.Count > 0)
        {
            foreach (string name in array.FieldNames)
            {
                _ = array.GetField(name);
            }
        }
    }

    /// <summary>Write → read: fuzz bytes choose a dtype, shape, order and payload; what is written must read back identical.</summary>
    private static void RoundTrip(ReadOnlySpan<byte> data)
    {
        var input = new FuzzInput(data);
        NpyDType dtype = input.DType();
        if (dtype.HasObject)
        {
            return;
        }

        int ndim = input.Byte() % 5;
        long[] shape = new long[ndim];
        for (int i = 0; i < ndim; i++)
        {
            shape[i] = input.Byte() % 6;
        }

        bool fortran = (input.Byte() & 1) == 1;
        long count = 1;
        foreach (long d in shape)
        {
            count *= d;
        }

        long length = count * dtype.ItemSize;
        if (length > 1 << 16)
        {
            return;
        }

        byte[] payload = new byte[length];
        input.Fill(payload);
        if ((dtype.Kind == NpyKind.Subarray ? dtype.SubarrayBase : dtype)?.Kind == NpyKind.Bool)
        {
            // Readers normalise bool bytes to 0/1 (hostile-input.md N18), also of a top-level subarray of bools, which
            // is read as a bool array: only valid bools round-trip unchanged.
            foreach (ref byte b in payload.AsSpan())
            {
                b &= 1;
            }
        }

        var array = new NpyArray(dtype, shape, fortran, payload);

        var npy = new MemoryStream();
        using (var writer = new NpyWriter(npy, leaveOpen: true))
        {
            writer.Write(array);
        }

        npy.Position = 0;
        using (var reader = new NpyReader(npy, NpyLimits.Trusted))
        {
            SameArray(array, reader.Read(), "npy");
            Check(reader.ReadNext() is null, "npy: bytes left after the array");
        }

        var options = new NpzWriterOptions
        {
            Compression = (input.Byte() & 1) == 0 ? NpzCompression.Stored : NpzCompression.Deflate,
            MaxDegreeOfParallelism = 1,
        };
        bool seekable = (input.Byte() & 1) == 0;
        var npz = new MemoryStream();
        Stream target = seekable ? npz : new ForwardOnlyWriteStream(npz);
        using (var zip = new NpzWriter(target, options, leaveOpen: true))
        {
            zip.Add("a", array);
            zip.Add("nested/b", array);
        }

        using NpzReader archive = NpzReader.Open(new MemoryStream(npz.ToArray(), writable: false), NpyLimits.Trusted);
        Check(archive.Count == 2, "npz: member count");
        SameArray(array, archive.Read("a"), "npz a");
        SameArray(array, archive.Read("nested/b"), "npz nested/b");
    }

    private static void SameArray(NpyArray expected, NpyArray actual, string where)
    {
        NpyDType dtype = expected.DType;
        IEnumerable<long> shape = expected.Shape;
        bool orderMatters = !IsOrderIrrelevant(expected.Shape);
        if (dtype is { Kind: NpyKind.Subarray, SubarrayBase: { } element })
        {
            // A top-level subarray dtype is expanded into the shape on read, as NumPy does.
            dtype = element;
            shape = shape.Concat(expected.DType.SubarrayShape.Select(d => (long)d));
            orderMatters = false;
        }

        Check(dtype.Equals(actual.DType), $"{where}: dtype {actual.DType} != {dtype}");
        Check(shape.SequenceEqual(actual.Shape), $"{where}: shape differs");
        Check(!orderMatters || expected.FortranOrder == actual.FortranOrder, $"{where}: order differs");
        Check(expected.Data.Span.SequenceEqual(actual.Data.Span), $"{where}: data differs");
    }

    // The writer records Fortran order only where it changes the bytes, as NumPy does: not when the array is empty
    // or has at most one dimension longer than 1.
    private static bool IsOrderIrrelevant(IReadOnlyList<long> shape) => shape.Contains(0) || shape.Count(d => d > 1) <= 1;

    // The library's own deflate encoders: whatever they write must inflate (zlib) to exactly their input and be no
    // larger than stored blocks. The small-block encoder takes the input as it is, split into its two pieces where the
    // first byte says; the long-match encoder takes it tiled out to 64–80 KiB, every copy rotated by an amount the
    // first byte sets, so repeats of every length occur.
    private static void Deflate(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        ReadOnlySpan<byte> input = data[1..Math.Min(data.Length, Compression.SmallBlockEncoder.MaxInput + 1)];
        int split = Math.Min(input.Length, data[0] * 8);
        var output = new byte[Compression.SmallBlockEncoder.MaxOutput(input.Length)];
        int written = Compression.SmallBlockEncoder.Encode(input[..split], input[split..], output);
        Check(written > 0 && written <= output.Length, "encoder wrote an impossible length");
        CheckInflatesTo(output.AsSpan(0, written), input);
        if (!input.IsEmpty)
        {
            LongMatch(input, data[0]);
        }
    }

    private static void LongMatch(ReadOnlySpan<byte> tile, byte shape)
    {
        var input = new byte[Compression.LongMatchEncoder.MinInput + (shape * 64)];
        for (int at = 0, copy = 0; at < input.Length; copy++)
        {
            int rotate = (copy * (shape >> 4)) % tile.Length;
            for (int i = 0; i < tile.Length && at < input.Length; i++)
            {
                input[at++] = tile[(i + rotate) % tile.Length];
            }
        }

        bool isLast = (shape & 1) == 0;
        var output = new byte[Compression.DeflateChunkEncoder.StoredLength(input.Length, isLast)];
        int written = Compression.LongMatchEncoder.Encode(input, isLast, output);
        if (written < 0)
        {
            return;
        }

        Check(written > 0 && written <= output.Length, "long-match encoder wrote an impossible length");
        if (isLast)
        {
            CheckInflatesTo(output.AsSpan(0, written), input);
            return;
        }

        Check(output.AsSpan(written - 4, 4).SequenceEqual((byte[])[0, 0, 0xFF, 0xFF]), "non-last segment lacks its sync-flush marker");
        CheckInflatesTo([.. output.AsSpan(0, written), 0x03, 0x00], input);
    }

    private static void CheckInflatesTo(ReadOnlySpan<byte> compressed, ReadOnlySpan<byte> expected)
    {
        using var inflater = new System.IO.Compression.DeflateStream(
            new MemoryStream(compressed.ToArray()), System.IO.Compression.CompressionMode.Decompress);
        var back = new byte[expected.Length + 1];
        int total = 0;
        int n;
        while ((n = inflater.Read(back, total, back.Length - total)) > 0)
        {
            total += n;
        }

        Check(back.AsSpan(0, total).SequenceEqual(expected), "encoded data does not inflate to its input");
    }

    // The library's deflate decoder against zlib on arbitrary input (the first byte picks the read size and the input
    // mode): the same bytes or the same refusal. Its block-start probe and symbol decoder may refuse but never fail
    // otherwise, and a stream zlib decodes decodes the same on two cores.
    private static void Inflate(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        const int Limit = 1 << 20;
        int step = 1 + (data[0] * 37 % 4096);
        byte[] input = data[1..].ToArray();
        using var zlib = new System.IO.Compression.DeflateStream(new MemoryStream(input), System.IO.Compression.CompressionMode.Decompress);
        (bool Threw, byte[] Bytes) expected = Drain(zlib, step, Limit);
        using (var managed = (data[0] & 1) != 0 ? new Compression.Inflater(new MemoryStream(input), leaveOpen: false) : new Compression.Inflater(input))
        {
            (bool Threw, byte[] Bytes) actual = Drain(managed, step, Limit);
            Check(expected.Threw == actual.Threw && expected.Bytes.AsSpan().SequenceEqual(actual.Bytes), "the decoder and zlib disagree");
        }

        for (long bit = 0; bit < Math.Min(8L * input.Length, 1 << 14); bit++)
        {
            Compression.Inflater.IsDynamicBlockStart(input, bit);
        }

        using (var symbols = new Compression.Inflater(input))
        {
            try
            {
                symbols.DecodeSymbols(new ushort[Limit]);
            }
            catch (InvalidDataException)
            {
            }
        }

        // Decoded together with a valid stream, in either order, on one core: the same bytes or the same refusal.
        foreach (bool inputFirst in new[] { true, false })
        {
            using var fuzzed = new Compression.Inflater(input);
            using var valid = new Compression.Inflater(s_companion.Compressed);
            (bool Threw, byte[] Fuzzed, byte[] Valid) pair = inputFirst ? DrainPair(fuzzed, valid, step, Limit) : Swap(DrainPair(valid, fuzzed, step, Limit));
            Check(pair.Threw == expected.Threw, "a pair of decoders and zlib disagree on refusing the input");
            Check(pair.Threw || (pair.Fuzzed.AsSpan().SequenceEqual(expected.Bytes) && pair.Valid.AsSpan().SequenceEqual(s_companion.Data)), "a pair of decoders and zlib disagree");
        }

        if (!expected.Threw && expected.Bytes.Length >= 64 << 10 && expected.Bytes.Length < Limit)
        {
            var destination = new byte[expected.Bytes.Length];
            using var first = new Compression.Inflater(input);
            (Compression.Inflater last, _, uint crc) = Compression.SplitInflate.Inflate(
                first, offset => new MemoryStream(input, (int)offset, input.Length - (int)offset), input.Length, destination, "fuzz", CancellationToken.None, segmentSymbols: 8 << 10);
            last.Dispose();
            Check(destination.AsSpan().SequenceEqual(expected.Bytes), "the stream decodes differently on two cores");
            Check(crc == System.IO.Hashing.Crc32.HashToUInt32(destination), "the two-core CRC-32 is wrong");
        }
    }

    // A valid stream to pair the fuzzed one with: mixed literals and matches, longer than most inputs decode to.
    private static readonly (byte[] Data, byte[] Compressed) s_companion = Companion();

    private static (byte[] Data, byte[] Compressed) Companion()
    {
        var data = new byte[200_000];
        var rng = new Random(1);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = i % 3000 < 1500 ? (byte)rng.Next(256) : (byte)"npy pairs "[i % 10];
        }

        var compressed = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return (data, compressed.ToArray());
    }

    // Reads two decoders together (Inflater.ReadPair) in steps until both end or reach the limit (never decoding past
    // it, as Drain does not): both outputs, or that one refused its input.
    private static (bool Threw, byte[] First, byte[] Second) DrainPair(Compression.Inflater first, Compression.Inflater second, int step, int limit)
    {
        var outputA = new MemoryStream();
        var outputB = new MemoryStream();
        var bufferA = new byte[step];
        var bufferB = new byte[step];
        try
        {
            while (true)
            {
                (int a, int b) = Compression.Inflater.ReadPair(
                    first, bufferA.AsSpan(0, (int)Math.Min(step, limit - outputA.Length)), second, bufferB.AsSpan(0, (int)Math.Min(step, limit - outputB.Length)));
                if (a == 0 && b == 0)
                {
                    break;
                }

                outputA.Write(bufferA, 0, a);
                outputB.Write(bufferB, 0, b);
            }
        }
        catch (InvalidDataException)
        {
            return (true, [], []);
        }

        return (false, outputA.ToArray(), outputB.ToArray());
    }

    private static (bool Threw, byte[] First, byte[] Second) Swap((bool Threw, byte[] First, byte[] Second) pair) => (pair.Threw, pair.Second, pair.First);

    // Reads a decoder to its end (or the limit) in steps: the bytes, or that it refused the input.
    private static (bool Threw, byte[] Bytes) Drain(Stream decoder, int step, int limit)
    {
        var output = new MemoryStream();
        var buffer = new byte[step];
        try
        {
            int read;
            while (output.Length < limit && (read = decoder.Read(buffer, 0, (int)Math.Min(step, limit - output.Length))) > 0)
            {
                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return (true, []);
        }

        return (false, output.ToArray());
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Fuzz oracle: " + message);
        }
    }

    /// <summary>Consumes fuzz bytes as choices; reads zeros when they run out.</summary>
    private ref struct FuzzInput(ReadOnlySpan<byte> data)
    {
        private static readonly string[] s_descrs =
        [
            "|b1", "|i1", "|u1", "<i2", ">i2", "<u4", ">i8", "<f2", ">f4", "<f8", ">f8", "<c8", ">c16", "|S1", "|S7",
            "<U1", ">U3", "|V5", "<M8[ms]", ">m8[s]", "<M8", "[('a', '<i4'), ('b', '>f8')]", "[('x', '|u1', (2, 3))]",
            "[('p', '<i2'), ('', '|V2'), ('q', '|S3'), ('r', '|b1')]",
            "[('outer', [('inner', '<f4', (2,))]), ('s', '|S2')]", "('<i4', (2,))",
        ];

        private ReadOnlySpan<byte> _rest = data;

        public byte Byte()
        {
            if (_rest.IsEmpty)
            {
                return 0;
            }

            byte b = _rest[0];
            _rest = _rest[1..];
            return b;
        }

        public NpyDType DType()
        {
            byte choice = Byte();
            if (choice < 0xF0)
            {
                return NpyDType.Parse(s_descrs[choice % s_descrs.Length]);
            }

            // A descr spelled by the fuzzer itself: whatever parses must also write and read back.
            int length = Math.Min(Byte(), _rest.Length);
            string text = System.Text.Encoding.Latin1.GetString(_rest[..length]);
            _rest = _rest[length..];
            try
            {
                NpyDType parsed = NpyDType.Parse(text, Limits);
                return parsed.ItemSize <= 4096 ? parsed : NpyDType.UInt8;
            }
            catch (Exception ex) when (IsDocumented(ex))
            {
                return NpyDType.UInt8;
            }
        }

        public void Fill(Span<byte> payload)
        {
            for (int i = 0; i < payload.Length; i++)
            {
                payload[i] = _rest.IsEmpty ? (byte)(i * 31) : _rest[i % _rest.Length];
            }

            if (payload.Length >= 4 && !_rest.IsEmpty)
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload, _rest.Length);
            }
        }
    }
}
