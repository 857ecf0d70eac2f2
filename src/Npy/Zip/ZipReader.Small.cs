using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using Npy.Compression;

namespace Npy.Zip;

/// <content>Reading small members whole: one read of the local header and data, one inflate into a pooled buffer.</content>
internal sealed partial class ZipReader
{
    /// <summary>Members up to this many bytes (uncompressed and compressed) may be read with <see cref="TryReadSmall"/>.</summary>
    public const int SmallMemberLimit = 64 << 10;

    // Room read after the name for a local extra field, so that the usual member needs a single read.
    private const int LocalExtraAllowance = 64;

    /// <summary>Tells whether <see cref="TryReadSmall"/> applies: a small member without a chunk index.</summary>
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
    public bool TryReadSmall(ZipEntry entry, CancellationToken cancellationToken, out SmallMemberData data)
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
        byte[]? raw = Rent(Math.Max(want, headed));
        try
        {
            int got = ReadSomeAt(entry.LocalHeaderOffset, raw.AsSpan(0, want));
            long dataStart = got >= headed && LocalHeaderMatches(entry, raw)
                ? CheckLocalHeader(entry, raw.AsSpan(0, ZipConstants.LocalHeaderSize), raw.AsSpan(ZipConstants.LocalHeaderSize, nameLength))
                : LocateData(entry);
            int size = (int)entry.UncompressedSize;
            int compressedSize = (int)entry.CompressedSize;
            int inBuffer = (int)(dataStart - entry.LocalHeaderOffset);
            if (inBuffer + (long)compressedSize > got)
            {
                // A local extra field longer than the allowance: read the data on its own.
                Return(raw);
                raw = null;
                raw = Rent(compressedSize);
                ReadAt(dataStart, raw.AsSpan(0, compressedSize));
                inBuffer = 0;
            }

            if (entry.Method == ZipCompressionMethod.Stored)
            {
                if (Crc32.HashToUInt32(raw.AsSpan(inBuffer, size)) != entry.Crc32)
                {
                    return false;
                }

                Charge(entry.UncompressedSize);
                data = new SmallMemberData(raw, inBuffer, size);
                raw = null;
                return true;
            }

            byte[]? inflated = Rent(size);
            try
            {
                if (!TryInflate(raw.AsSpan(inBuffer, compressedSize), inflated.AsSpan(0, size))
                    || Crc32.HashToUInt32(inflated.AsSpan(0, size)) != entry.Crc32)
                {
                    return false;
                }

                Charge(entry.UncompressedSize);
                data = new SmallMemberData(inflated, 0, size);
                inflated = null;
                return true;
            }
            finally
            {
                if (inflated is not null)
                {
                    Return(inflated);
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

    // Inflates exactly destination.Length bytes and checks that the deflate stream ends there.
    private static unsafe bool TryInflate(ReadOnlySpan<byte> compressed, Span<byte> destination)
    {
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
