using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using Npy.Compression;
using Npy.Internal;

namespace Npy.Zip;

/// <content>Reading member data: local header checks, stored and deflated data, the parallel chunked path.</content>
internal sealed partial class ZipReader
{
    // Members smaller than this are inflated as one stream even when they carry a chunk index.
    private const long ParallelThreshold = 2L << 20;

    // Smaller single streams are read one per core: the pair's two 256 KiB input buffers would not pay.
    private const long PairThreshold = 1L << 20;

    // The most a deflate stream can expand, and slack for block headers and a first literal.
    private const long MaxDeflateRatio = 1032;
    private const long MaxDeflateSlack = 1024;

    /// <summary>Reads the first min(destination.Length, UncompressedSize) uncompressed bytes of a member, inflating only what is needed.</summary>
    /// <remarks>The CRC is not checked (the member is not read to its end).</remarks>
    /// <returns>The number of bytes written to <paramref name="destination"/>.</returns>
    public int ReadPrefix(ZipEntry entry, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(entry);
        long dataStart = LocateData(entry);
        int length = (int)Math.Min(destination.Length, entry.UncompressedSize);
        destination = destination[..length];
        if (entry.Method == ZipCompressionMethod.Stored)
        {
            ReadAt(dataStart, destination);
            return length;
        }

        using var compressed = new SubReadStream(this, dataStart, entry.CompressedSize);
        using var inflater = InflateHelper.OpenRawInflater(compressed, leaveOpen: false);
        InflateHelper.ReadExactly(inflater, destination, entry.Name, CancellationToken.None);
        return length;
    }

    /// <summary>Reads a whole member, discarding its first <paramref name="skip"/> bytes and writing the rest straight into <paramref name="destination"/>.</summary>
    /// <remarks>
    /// Sizes are verified exactly (inflating past the declared size fails at the first extra byte) and the CRC-32 over
    /// all bytes. Members that carry this library's chunk index inflate on all cores. The member's size counts toward
    /// <see cref="NpyLimits.MaxTotalBytes"/>. The destination's content is undefined when an exception is thrown. The
    /// destination's pages are mapped piece by piece just before each piece is filled (<c>FreshPages.Map</c>),
    /// so a freshly allocated destination need not be mapped by its allocator.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="skip"/> + destination length differs from the member's size.</exception>
    public void ReadMember(ZipEntry entry, int skip, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        if (skip + (long)destination.Length != entry.UncompressedSize)
        {
            throw new ArgumentException(
                $"skip ({skip}) plus the destination length ({destination.Length}) must equal the member size ({entry.UncompressedSize}).", nameof(destination));
        }

        using ZipMemberReadStream member = OpenRead(entry, headOnly: skip > 0);
        var head = Rent(skip);
        try
        {
            InflateHelper.ReadExactly(member, head.AsSpan(0, skip), entry.Name, cancellationToken);
        }
        finally
        {
            Return(head);
        }

        member.ReadToEnd(destination, cancellationToken);
    }

    /// <summary>Opens a sequential read-only stream of a member's uncompressed bytes, validated like <see cref="ReadMember"/>.</summary>
    /// <param name="entry">The member.</param>
    /// <param name="headOnly">
    /// Whether the caller reads only a head through the stream and the rest with
    /// <see cref="ZipMemberReadStream.ReadToEnd"/>: a member that inflates chunk by chunk then feeds its sequential
    /// inflater in that inflater's own small steps, since only the head is inflated sequentially.
    /// </param>
    /// <param name="pair">
    /// Whether the rest will be read together with another member's (<see cref="ZipMemberReadStream.ReadBothToEnd"/>):
    /// a member that <see cref="InflatesInPairs"/> is then inflated by this library's decoder.
    /// </param>
    /// <remarks>The CRC is checked when the end is reached; data past the declared size raises <see cref="NpzFormatException"/>.</remarks>
    public ZipMemberReadStream OpenRead(ZipEntry entry, bool headOnly = false, bool pair = false)
    {
        ArgumentNullException.ThrowIfNull(entry);
        long dataStart = LocateData(entry);
        Stream source = entry.Method != ZipCompressionMethod.Deflate ? new SubReadStream(this, dataStart, entry.CompressedSize)
            : OpenInflating(entry, dataStart, headOnly, pair);
        return new ZipMemberReadStream(this, entry, dataStart, source);
    }

    // Kept out of OpenRead so that a process reading only stored members never loads System.IO.Compression (0.3 ms).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Stream OpenInflating(ZipEntry entry, long dataStart, bool headOnly, bool pair) =>
        InflatesInTwo(entry) || (pair && InflatesInPairs(entry)) ? new Inflater(new SubReadStream(this, dataStart, entry.CompressedSize), leaveOpen: false)
            : InflateHelper.OpenRawInflater(
                headOnly && InflatesInChunks(entry) ? new SubReadStream(this, dataStart, entry.CompressedSize) : OpenCompressed(entry, dataStart),
                leaveOpen: false);

    /// <summary>Reads the bytes [<paramref name="offset"/>, size) of a member straight into <paramref name="destination"/> and checks the CRC-32 of the whole member.</summary>
    /// <param name="entry">The member.</param>
    /// <param name="dataStart">Where its data starts in the archive (located once by <see cref="OpenRead"/>).</param>
    /// <param name="source">The member's sequential source, which has produced its first <paramref name="offset"/> bytes.</param>
    /// <param name="offset">How many bytes were read through <paramref name="source"/>.</param>
    /// <param name="headCrc">The CRC-32 of those bytes.</param>
    /// <param name="destination">Exactly the rest of the member.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="finish">Applied to every byte of the destination once it is final (see <see cref="ZipMemberReadStream.ReadToEnd"/>).</param>
    internal void ReadRest(ZipEntry entry, long dataStart, Stream source, long offset, uint headCrc, Memory<byte> destination, CancellationToken cancellationToken, PieceAction? finish = null)
    {
        uint crc;
        if (entry.Method == ZipCompressionMethod.Stored)
        {
            // Finished piece by piece as read.
            crc = Crc32Combine.Combine(headCrc, ReadStored(dataStart + offset, destination, finish, cancellationToken), destination.Length);
        }
        else if (InflatesInChunks(entry))
        {
            // Each chunk is checked against its own CRC-32 (chunk 0 again in full, which covers the head).
            InflateChunks(entry, entry.ChunkIndex!, dataStart, offset, destination, cancellationToken);
            crc = entry.Crc32;
        }
        else if (source is Inflater inflater && InflatesInTwo(entry))
        {
            crc = Crc32Combine.Combine(headCrc, InflateSplitHashing(inflater, entry, dataStart, destination, cancellationToken), destination.Length);
        }
        else
        {
            // The head came from this same inflater: it goes on into the destination.
            uint body = InflateHashing(source, destination, entry.Name, cancellationToken);
            InflateHelper.ExpectEnd(source, entry.Name);
            crc = Crc32Combine.Combine(headCrc, body, destination.Length);
        }

        if (crc != entry.Crc32)
        {
            throw CrcMismatch(entry.Name);
        }

        if (entry.Method != ZipCompressionMethod.Stored)
        {
            finish?.Invoke(destination.Span);
        }
    }

    /// <summary>Reads the rest of two members at once, each straight into its destination, both inflated on this core (<see cref="Inflater.ReadPair"/>).</summary>
    /// <remarks>
    /// As <see cref="ReadRest"/> does for each: sizes verified exactly, the CRC-32 over all bytes. Each 1 MiB piece
    /// is mapped just before it is filled and hashed right after. A failure of either member is raised as found.
    /// </remarks>
    internal static void ReadRestPair(PairedRest first, PairedRest second, CancellationToken cancellationToken)
    {
        const int Piece = InflateHelper.CancellationStride;
        Span<byte> a = first.Destination.Span;
        Span<byte> b = second.Destination.Span;
        uint crcA = first.HeadCrc;
        uint crcB = second.HeadCrc;
        int doneA = 0;
        int doneB = 0;
        while (doneA < a.Length || doneB < b.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Span<byte> pieceA = a.Slice(doneA, Math.Min(Piece, a.Length - doneA));
            Span<byte> pieceB = b.Slice(doneB, Math.Min(Piece, b.Length - doneB));
            FreshPages.Map(pieceA);
            FreshPages.Map(pieceB);
            InflateHelper.ReadExactly(first.Source, pieceA, first.Entry.Name, second.Source, pieceB, second.Entry.Name);
            crcA = Crc32Combine.Combine(crcA, Crc32.HashToUInt32(pieceA), pieceA.Length);
            crcB = Crc32Combine.Combine(crcB, Crc32.HashToUInt32(pieceB), pieceB.Length);
            doneA += pieceA.Length;
            doneB += pieceB.Length;
        }

        InflateHelper.ExpectEnd(first.Source, first.Entry.Name);
        InflateHelper.ExpectEnd(second.Source, second.Entry.Name);
        if (crcA != first.Entry.Crc32)
        {
            throw CrcMismatch(first.Entry.Name);
        }

        if (crcB != second.Entry.Crc32)
        {
            throw CrcMismatch(second.Entry.Name);
        }
    }

    /// <summary>Whether a member is best read two at a time on one core: a single deflate stream of at least 1 MiB that is neither chunked nor split.</summary>
    internal static bool InflatesInPairs(ZipEntry entry) =>
        entry.Method == ZipCompressionMethod.Deflate && entry.UncompressedSize >= PairThreshold && !InflatesInChunks(entry) && !InflatesInTwo(entry);

    // Members carrying the chunk index inflate chunk by chunk on all cores, unless they are too small to pay for it.
    private static bool InflatesInChunks(ZipEntry entry) => entry.ChunkIndex is not null && entry.UncompressedSize >= ParallelThreshold;

    // Other long deflate streams are decoded on two cores, with this library's decoder (SplitInflate).
    private static bool InflatesInTwo(ZipEntry entry) =>
        entry.Method == ZipCompressionMethod.Deflate && !InflatesInChunks(entry) && SplitInflate.Pays(entry.UncompressedSize, entry.CompressedSize);

    // The inflater asks for its input 8 KiB at a time: a large member's compressed bytes are read in bigger steps
    // (a 200 MB member took 25,000 reads otherwise, 5-10% of its inflate time).
    private Stream OpenCompressed(ZipEntry entry, long dataStart)
    {
        const int LargeMember = 1 << 20;
        var window = new SubReadStream(this, dataStart, entry.CompressedSize);
        return entry.CompressedSize >= LargeMember ? new BufferedStream(window, 256 << 10) : window;
    }

    // Reads stored bytes straight into the destination and returns their CRC-32. A large range from a file is read in
    // pieces on all cores, each piece hashed (and finished) right after it is read, while it is still in cache, the
    // CRCs combined.
    private uint ReadStored(long offset, Memory<byte> destination, PieceAction? finish, CancellationToken cancellationToken)
    {
        if (_file is null || destination.Length < 2 * Crc32Combine.PieceLength || Environment.ProcessorCount == 1)
        {
            FreshPages.Map(destination.Span);
            ReadAtChunked(offset, destination.Span, cancellationToken);
            uint whole = Crc32Combine.Hash(destination);
            finish?.Invoke(destination.Span);
            return whole;
        }

        var crcs = new uint[Crc32Combine.PieceCount(destination.Length)];
        ParallelWork.For(
            0, crcs.Length, Environment.ProcessorCount,
            i =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                Span<byte> piece = Crc32Combine.Piece(destination.Span, i);
                FreshPages.Map(piece);
                ReadAt(offset + ((long)i * Crc32Combine.PieceLength), piece);
                crcs[i] = Crc32.HashToUInt32(piece);
                finish?.Invoke(piece);
            },
            cancellationToken);
        return Crc32Combine.CombinePieces(crcs, destination.Length);
    }

    // Inflates one deflate stream into the destination and returns the CRC-32 of what it produced. A single stream
    // decodes on one core only, so each completed piece is hashed on another core while the next one inflates, and
    // the next piece's pages are mapped there too.
    private static uint InflateHashing(Stream inflater, Memory<byte> destination, string name, CancellationToken cancellationToken)
    {
        if (destination.Length < 2 * Crc32Combine.PieceLength || Environment.ProcessorCount == 1)
        {
            FreshPages.Map(destination.Span);
            InflateHelper.ReadExactly(inflater, destination.Span, name, cancellationToken);
            return Crc32.HashToUInt32(destination.Span);
        }

        int count = Crc32Combine.PieceCount(destination.Length);
        Memory<byte> Piece(int i) =>
            destination.Slice(i * Crc32Combine.PieceLength, Math.Min(Crc32Combine.PieceLength, destination.Length - (i * Crc32Combine.PieceLength)));

        var hasher = new PieceHasher(destination);
        FreshPages.Map(Piece(0).Span);
        Task? mapping = null;
        try
        {
            for (int i = 0; i < count; i++)
            {
                mapping?.GetAwaiter().GetResult();
                Memory<byte> next = i + 1 < count ? Piece(i + 1) : Memory<byte>.Empty;
                mapping = next.IsEmpty ? null : Task.Run(() => FreshPages.Map(next.Span), CancellationToken.None);
                InflateHelper.ReadExactly(inflater, Piece(i).Span, name, cancellationToken);
                hasher.Completed((i * Crc32Combine.PieceLength) + Piece(i).Length);
            }
        }
        catch
        {
            // Hashing never fails; let the started pieces finish so nothing still reads the destination afterwards.
            hasher.WaitStarted();
            mapping?.Wait(CancellationToken.None);
            throw;
        }

        return hasher.Result();
    }

    // Inflates a long single stream on two cores (SplitInflate), checks that nothing follows it, and returns the
    // CRC-32 of what it produced.
    private uint InflateSplitHashing(Inflater inflater, ZipEntry entry, long dataStart, Memory<byte> destination, CancellationToken cancellationToken)
    {
        (Inflater last, _, uint crc) = SplitInflate.Inflate(
            inflater,
            offset => new SubReadStream(this, dataStart + offset, entry.CompressedSize - offset),
            entry.CompressedSize,
            destination,
            entry.Name,
            cancellationToken);
        try
        {
            InflateHelper.ExpectEnd(last, entry.Name);
            return crc;
        }
        finally
        {
            if (!ReferenceEquals(last, inflater))
            {
                last.Dispose();
            }
        }
    }

    internal static NpzFormatException CrcMismatch(string name) => new($"CRC-32 mismatch in '{name}'.");

    // Refuses unsupported members, checks the local header against the central record and returns where the data starts.
    private long LocateData(ZipEntry entry)
    {
        CheckSupported(entry);
        Span<byte> header = stackalloc byte[ZipConstants.LocalHeaderSize];
        if (ReadSomeAt(entry.LocalHeaderOffset, header) != header.Length)
        {
            throw new NpzFormatException($"Member '{entry.Name}' extends past the end of the archive.");
        }

        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
        if (!LocalHeaderMatches(entry, header))
        {
            throw LocalHeaderMismatch(entry);
        }

        // Names are short: on the stack they also spare a process's first member the array pool's setup (0.5 ms).
        const int StackNameLength = 512;
        if (nameLength <= StackNameLength)
        {
            Span<byte> name = stackalloc byte[StackNameLength];
            ReadAt(entry.LocalHeaderOffset + ZipConstants.LocalHeaderSize, name[..nameLength]);
            return CheckLocalHeader(entry, header, name[..nameLength]);
        }

        byte[] longName = Rent(nameLength);
        try
        {
            ReadAt(entry.LocalHeaderOffset + ZipConstants.LocalHeaderSize, longName.AsSpan(0, nameLength));
            return CheckLocalHeader(entry, header, longName.AsSpan(0, nameLength));
        }
        finally
        {
            Return(longName);
        }
    }

    // The refusals that need only the central record: encryption, patched data, other methods, impossible sizes.
    private static void CheckSupported(ZipEntry entry)
    {
        if ((entry.Flags & ZipConstants.FlagEncrypted) != 0 || entry.RawMethod == 99)
        {
            throw new NotSupportedException($"Member '{entry.Name}' is encrypted; encrypted zip members are not supported.");
        }

        if ((entry.Flags & ZipConstants.FlagStrongEncryption) != 0)
        {
            throw new NotSupportedException($"Member '{entry.Name}' uses strong encryption (flag bit 6), which is not supported.");
        }

        if ((entry.Flags & ZipConstants.FlagPatchedData) != 0)
        {
            throw new NotSupportedException($"Member '{entry.Name}' holds compressed patched data (flag bit 5), which is not supported.");
        }

        if (entry.Method is not (ZipCompressionMethod.Stored or ZipCompressionMethod.Deflate))
        {
            throw new NotSupportedException($"Member '{entry.Name}' uses compression method {entry.RawMethod} ({MethodName(entry.RawMethod)}); only stored (0) and deflate (8) are supported.");
        }

        if (entry.Method == ZipCompressionMethod.Stored && entry.CompressedSize != entry.UncompressedSize)
        {
            throw new NpzFormatException(
                $"Stored size mismatch in '{entry.Name}': compressed size {entry.CompressedSize}, uncompressed size {entry.UncompressedSize}.");
        }

        // Deflate expands at most 1032:1 (a 258-byte match coded in 2 bits). A larger declared size is a lie that a
        // caller would size a buffer from before inflating: refuse it up front (hostile-input.md rule 2).
        if (entry.Method == ZipCompressionMethod.Deflate && entry.UncompressedSize > MaxDeflateSlack
            && (entry.UncompressedSize - MaxDeflateSlack) / MaxDeflateRatio > entry.CompressedSize)
        {
            throw new NpzFormatException(
                $"Member '{entry.Name}' declares {entry.UncompressedSize} uncompressed bytes, more than its {entry.CompressedSize} deflated bytes can hold.");
        }

    }

    // Signature, method and name length of a local header against the central record (the name itself is compared next).
    private static bool LocalHeaderMatches(ZipEntry entry, ReadOnlySpan<byte> header) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header) == ZipConstants.LocalHeaderSignature
        && BinaryPrimitives.ReadUInt16LittleEndian(header[8..]) == entry.RawMethod
        && BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) == entry.RawName.Length;

    private static NpzFormatException LocalHeaderMismatch(ZipEntry entry) =>
        new($"The local header of '{entry.Name}' does not match the central directory.");

    // Compares the local name with the central one and checks that the data lies inside the member's bounds.
    private long CheckLocalHeader(ZipEntry entry, ReadOnlySpan<byte> header, ReadOnlySpan<byte> name)
    {
        if (!name.SequenceEqual(entry.RawName))
        {
            throw LocalHeaderMismatch(entry);
        }

        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        long dataStart = entry.LocalHeaderOffset + ZipConstants.LocalHeaderSize + nameLength + extraLength;
        if (dataStart > entry.EndBound || entry.CompressedSize > entry.EndBound - dataStart)
        {
            if (dataStart + entry.CompressedSize > _streamLength)
            {
                throw new NpzFormatException($"Member '{entry.Name}' extends past the end of the archive.");
            }

            throw new NpzFormatException($"Overlapping members (possible zip bomb): the data of '{entry.Name}' runs into the next member.");
        }

        return dataStart;
    }

    private static string MethodName(ushort method) => method switch
    {
        1 => "shrink",
        6 => "implode",
        9 => "deflate64",
        12 => "bzip2",
        14 => "lzma",
        93 => "zstandard",
        95 => "xz",
        98 => "ppmd",
        99 => "AES encryption",
        _ => "unknown",
    };
}
