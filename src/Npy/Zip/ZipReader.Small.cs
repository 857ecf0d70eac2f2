using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using Npy.Compression;

namespace Npy.Zip;

/// <content>Reading small members whole: one read of the local header and data, one inflate into a pooled buffer.</content>
internal sealed partial class ZipReader
{
    /// <summary>Members up to this many bytes (uncompressed and compressed) may be read with <see cref="TryReadSmall(ZipEntry, CancellationToken, out SmallMemberData)"/>.</summary>
    public const int SmallMemberLimit = 64 << 10;

    // Room read after the name for a local extra field, so that the usual member needs a single read.
    private const int LocalExtraAllowance = 64;

    /// <summary>Tells whether <see cref="TryReadSmall(ZipEntry, CancellationToken, out SmallMemberData)"/> applies: a small member without a chunk index.</summary>
    public static bool IsSmall(ZipEntry entry) =>
        entry.ChunkIndex is null && entry.UncompressedSize <= SmallMemberLimit && entry.CompressedSize <= SmallMemberLimit;

    /// <summary>Reads a small member's uncompressed bytes into a pooled buffer, if they are intact.</summary>
    /// <remarks>
    /// Per-member streams and buffers dominate archives of thousands of tiny members; here the local header, name and
    /// data come from one read, and a deflated member is inflated in one call. When the data itself is faulty
    /// (corrupt deflate stream, wrong size, CRC) this returns <see langword="false"/> without charging the member, so
    /// that the caller can read it again with <see cref="OpenRead"/>, which reports the fault where a sequential
    /// reader meets it. An intact member's size counts toward <see cref="NpyLimits.MaxTotalBytes"/>.
    /// </remarks>
    /// <exception cref="NpzFormatException">The local header is wrong or the member lies outside its bounds.</exception>
    /// <exception cref="NotSupportedException">The member is encrypted or uses an unsupported method.</exception>
    public bool TryReadSmall(ZipEntry entry, CancellationToken cancellationToken, out SmallMemberData data) =>
        TryReadSmall(entry, default, 0, cancellationToken, out data);

    /// <summary>Like <see cref="TryReadSmall(ZipEntry, CancellationToken, out SmallMemberData)"/>, taking the member's bytes from <paramref name="window"/> when it holds them.</summary>
    /// <param name="entry">The member.</param>
    /// <param name="window">Archive bytes starting at offset <paramref name="windowStart"/>, read once for several members (see <see cref="ReadWindow"/>); may be empty.</param>
    /// <param name="windowStart">The archive offset of the window's first byte.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="data">The member's bytes when the method returns <see langword="true"/>.</param>
    public bool TryReadSmall(ZipEntry entry, ReadOnlySpan<byte> window, long windowStart, CancellationToken cancellationToken, out SmallMemberData data)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsSmall(entry))
        {
            throw new ArgumentException($"Member '{entry.Name}' is not small.", nameof(entry));
        }

        cancellationToken.ThrowIfCancellationRequested();
        CheckSupported(entry);
        data = default;
        int nameLength = entry.RawName.Length;
        int headed = ZipConstants.LocalHeaderSize + nameLength;
        int want = (int)Math.Min(entry.EndBound - entry.LocalHeaderOffset, headed + LocalExtraAllowance + entry.CompressedSize);
        byte[]? raw = null;
        try
        {
            ReadOnlySpan<byte> region;
            long inWindow = entry.LocalHeaderOffset - windowStart;
            if (inWindow >= 0 && inWindow + want <= window.Length)
            {
                region = window.Slice((int)inWindow, want);
            }
            else
            {
                raw = Rent(Math.Max(want, headed));
                region = raw.AsSpan(0, ReadSomeAt(entry.LocalHeaderOffset, raw.AsSpan(0, want)));
            }

            long dataStart = region.Length >= headed && LocalHeaderMatches(entry, region)
                ? CheckLocalHeader(entry, region[..ZipConstants.LocalHeaderSize], region.Slice(ZipConstants.LocalHeaderSize, nameLength))
                : LocateData(entry);
            int size = (int)entry.UncompressedSize;
            int compressedSize = (int)entry.CompressedSize;
            int inRegion = (int)(dataStart - entry.LocalHeaderOffset);
            if (inRegion + (long)compressedSize > region.Length)
            {
                // A local extra field longer than the allowance: read the data on its own.
                if (raw is not null)
                {
                    Return(raw);
                    raw = null;
                }

                raw = Rent(compressedSize);
                ReadAt(dataStart, raw.AsSpan(0, compressedSize));
                region = raw.AsSpan(0, compressedSize);
                inRegion = 0;
            }

            ReadOnlySpan<byte> compressed = region.Slice(inRegion, compressedSize);
            byte[]? result = Rent(size);
            try
            {
                bool intact = entry.Method == ZipCompressionMethod.Stored
                    ? compressed.TryCopyTo(result)
                    : TryInflate(compressed, result.AsSpan(0, size));
                if (!intact || Crc32.HashToUInt32(result.AsSpan(0, size)) != entry.Crc32)
                {
                    return false;
                }

                Charge(entry.UncompressedSize);
                data = new SmallMemberData(result, 0, size);
                result = null;
                return true;
            }
            finally
            {
                if (result is not null)
                {
                    Return(result);
                }
            }
        }
        finally
        {
            if (raw is not null)
            {
                Return(raw);
            }
        }
    }

    /// <summary>Reads the archive bytes from <paramref name="start"/> into <paramref name="destination"/> for <see cref="TryReadSmall(ZipEntry, ReadOnlySpan{byte}, long, CancellationToken, out SmallMemberData)"/>.</summary>
    /// <returns>How many bytes were read (fewer only where the archive ends).</returns>
    public int ReadWindow(long start, Span<byte> destination) => ReadSomeAt(start, destination);

    // Inflates exactly destination.Length bytes and checks that the deflate stream ends there.
    private static unsafe bool TryInflate(ReadOnlySpan<byte> compressed, Span<byte> destination)
    {
        if (compressed.IsEmpty)
        {
            // No deflate stream at all (a damaged size field); `fixed` would give a null pointer. The streaming path
            // reports it.
            return false;
        }

        fixed (byte* source = compressed)
        {
            using var input = new UnmanagedMemoryStream(source, compressed.Length);
            using var inflater = InflateHelper.OpenRawInflater(input, leaveOpen: false);
            try
            {
                int produced = 0;
                while (produced < destination.Length)
                {
                    int read = inflater.Read(destination[produced..]);
                    if (read == 0)
                    {
                        return false;
                    }

                    produced += read;
                }

                Span<byte> probe = stackalloc byte[1];
                return inflater.Read(probe) == 0;
            }
            catch (InvalidDataException)
            {
                return false;
            }
        }
    }
}
