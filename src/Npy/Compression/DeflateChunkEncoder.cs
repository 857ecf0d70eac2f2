using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Npy.Compression;

/// <summary>Compresses one chunk of a member into a raw deflate segment that can be concatenated with its neighbours.</summary>
/// <remarks>
/// A non-last chunk ends with a sync flush (an empty stored block, <c>00 00 FF FF</c>) and carries no final block, so
/// the chunks of a member, written back to back, form one ordinary deflate stream that any inflater reads, while each
/// chunk still starts on a byte boundary with an empty history and can be inflated on its own. The last chunk ends the
/// stream with a final block. Chunks that deflate does not shrink are written as stored blocks instead.
/// A last chunk of at most <see cref="SmallBlockEncoder.MaxInput"/> bytes at level 6 (every small member) whose bytes
/// are mostly literals is encoded by <see cref="SmallBlockEncoder"/>, which does what zlib's level 6 does for such an
/// input at a fraction of a native deflater's per-call cost. At level 6 the first chunk of a member of several chunks is
/// also encoded by <see cref="LongMatchEncoder"/>; when that segment is no larger than zlib-ng's, the member's later
/// chunks go to it as well (see <see cref="MemberEncoderChoice"/>), except those it declines.
/// <para>
/// A level-6 chunk that zlib-ng deflates and whose 4-byte strings are nearly all distinct (<see cref="DistinctStrings"/>:
/// floats, noisy pixels) gets zlib-ng's level 7. On such data level 6's match finder (zlib-ng's "medium" strategy)
/// costs more per byte than level 7's lazy one while finding the same matches: on 1 MiB chunks, float32 weights 13.6
/// against 16.0 ms with identical output, noisy images 7% faster and 0.03% smaller. Where strings repeat, level 7 walks
/// longer hash chains and is 1.2 to several times as slow, so every other chunk keeps level 6. The choice depends on the
/// chunk's bytes alone, so an archive is the same whatever the number of threads.
/// </para>
/// <para>
/// At level 6 a member of several chunks may also get a 4 KiB window instead of zlib's 32 KiB (see
/// <see cref="PrefersSmallWindow"/>): with its window, hash chains and candidate bytes in the first-level cache,
/// zlib-ng deflates data whose matches are near or absent in about half the time (1 MiB chunks: float32 weights 0.51,
/// noisy images 0.58, a sparse mask 0.84 of the time), with output no larger there. Data with distant repeats (a rounded
/// random walk: 20% larger with the small window) keeps the full window.
/// </para>
/// </remarks>
internal static class DeflateChunkEncoder
{
    /// <summary>The largest payload of one stored deflate block.</summary>
    public const int MaxStoredBlock = 65535;

    // The level the library's own encoders stand in for zlib-ng at (zlib's and NumPy's default); SmallBlockEncoder
    // follows its matching parameters.
    private const int OwnEncoderLevel = 6;

    // At level 6, a chunk of at least MinSampledChunk bytes whose sampled 4-byte strings are at least NearRandomShare
    // distinct is deflated at NearRandomLevel (class remarks).
    private const int MinSampledChunk = 256 << 10;
    private const double NearRandomShare = 0.9;
    private const int NearRandomLevel = 7;

    // The small window (2^SmallWindowBits bytes) is tried on the first WindowSample bytes of a member's first chunk,
    // against zlib's full window, when there are at least MinWindowSample of them.
    private const int SmallWindowBits = 12;
    private const int FullWindowBits = 15;
    private const int WindowSample = 128 << 10;
    private const int MinWindowSample = 64 << 10;

    // The small window may come out larger on the sample by up to 1/SampleTolerance (0.1%): on near-random data the
    // two sizes differ by noise of that order either way.
    private const int SampleTolerance = 1024;

    // What zlib emits for an empty input: a final fixed-Huffman block holding only the end-of-block code.
    private static ReadOnlySpan<byte> EmptyFinalBlock => [0x03, 0x00];

    /// <summary>Compresses <paramref name="first"/> followed by <paramref name="second"/>; returns a pooled buffer and the segment length.</summary>
    /// <param name="first">The first part of the chunk (may be empty).</param>
    /// <param name="second">The rest of the chunk (may be empty).</param>
    /// <param name="level">The zlib compression level, 0 to 9.</param>
    /// <param name="isLast">Whether this chunk ends the member's deflate stream.</param>
    /// <param name="choice">The member's encoder choice, or null for zlib-ng alone.</param>
    /// <param name="isFirst">Whether this is the member's first chunk, which settles <paramref name="choice"/>.</param>
    /// <param name="cancellationToken">Cancels a later chunk's wait for the first chunk.</param>
    public static (byte[] Buffer, int Length) Encode(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int level, bool isLast, MemberEncoderChoice? choice = null, bool isFirst = false, CancellationToken cancellationToken = default)
    {
        int length = checked(first.Length + second.Length);
        long storedLength = StoredLength(length, isLast);
        if (isLast && level == OwnEncoderLevel && length <= SmallBlockEncoder.MaxInput)
        {
            // A whole small member (or a member's small tail): one block, without a native deflater, unless the input
            // is match-heavy (see SmallBlockEncoder.TryEncode).
            var buffer = ArrayPool<byte>.Shared.Rent(SmallBlockEncoder.MaxOutput(length));
            int written = SmallBlockEncoder.TryEncode(first, second, buffer);
            if (written >= 0)
            {
                return (buffer, written);
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (choice is not null && level == OwnEncoderLevel)
        {
            if (isFirst)
            {
                if (!isLast && length >= LongMatchEncoder.MinInput)
                {
                    return Trial(first, second, level, isLast, storedLength, choice);
                }

                // Too small to judge by: the member stays with zlib-ng.
                choice.Settle(longMatch: false);
            }
            else if (length >= LongMatchEncoder.MinInput && (!choice.IsSettled || choice.WaitUsesLongMatch(cancellationToken)))
            {
                // Before the choice is known, encoded all the same, so that a chunk that starts early is not idle meanwhile.
                var (buffer, written) = EncodeLongMatch(first, second, isLast, storedLength);
                if (buffer is not null)
                {
                    if (choice.WaitUsesLongMatch(cancellationToken))
                    {
                        return (buffer, written);
                    }

                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        return EncodeZlib(first, second, level, isLast, storedLength, choice?.SmallWindow == true);
    }

    /// <summary>
    /// Decides, from a member's first chunk, whether the member's zlib-ng chunks use the small window: they do when, on
    /// a sample from the start of the chunk, zlib-ng's output with the small window is less than 0.1% larger than with
    /// the full one.
    /// </summary>
    /// <remarks>
    /// Runs on the thread that hands the member's chunks out, before any of them is encoded, so that every chunk of the
    /// member follows the same decision, taken from the member's bytes alone. The sample's two trial deflations take
    /// 2.5–5.7 ms, a fifth of a chunk's. The sample is 128 KiB because smaller ones mislead: on 32 KiB samples the
    /// small window came out no larger on int32 values 0–999 and on float32 integers, which it makes 3% and 1% larger
    /// over whole chunks (on 16 KiB samples also int32 values below 2^12: 8%); 128 KiB samples chose right on 63 of 64
    /// data sets tried (the other: 0.3% larger). On near-random data the two sizes differ by noise (W6's chunks:
    /// 0.9982–1.0027 with the small window), hence the tolerance. A sample of zeros, whose output is too small
    /// for the tolerance to count, keeps the full window on a tie: it says nothing of what follows.
    /// </remarks>
    public static bool PrefersSmallWindow(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int level)
    {
        ReadOnlySpan<byte> body = second.Length >= first.Length ? second : first;
        if (level != OwnEncoderLevel || body.Length < MinWindowSample || !NativeDeflater.IsAvailable)
        {
            return false;
        }

        ReadOnlySpan<byte> sample = body[..Math.Min(body.Length, WindowSample)];
        int zlibLevel = ZlibLevel(first, second, level);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(sample.Length + 1024);
        try
        {
            int full = NativeDeflater.Deflate(sample, [], scratch, zlibLevel, FullWindowBits, isLast: true);
            int small = NativeDeflater.Deflate(sample, [], scratch, zlibLevel, SmallWindowBits, isLast: true);
            return full >= 0 && small >= 0 && small < full + (full / SampleTolerance);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>Returns the size of a chunk of <paramref name="length"/> bytes written as stored deflate blocks.</summary>
    public static long StoredLength(int length, bool isLast)
    {
        long blocks = Math.Max(1, ((long)length + MaxStoredBlock - 1) / MaxStoredBlock);
        return length + 5 * blocks + (isLast || length == 0 ? 0 : 5);
    }

    // zlib-ng's level for a chunk: level 6 becomes level 7 on a chunk of near-random data (see the class remarks).
    private static int ZlibLevel(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int level)
    {
        if (level != OwnEncoderLevel || first.Length + second.Length < MinSampledChunk)
        {
            return level;
        }

        // The chunk's bytes are the end of the .npy header and the array data, or array data alone: sample the longer.
        ReadOnlySpan<byte> body = second.Length >= first.Length ? second : first;
        return DistinctStrings.Share(body) >= NearRandomShare ? NearRandomLevel : level;
    }

    // A member's first chunk both ways: the smaller segment is kept and settles the encoder of the member's later
    // chunks. When LongMatchEncoder declines the chunk, that settles it at once (zlib-ng), before zlib-ng runs.
    private static (byte[] Buffer, int Length) Trial(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int level, bool isLast, long storedLength, MemberEncoderChoice choice)
    {
        try
        {
            var (own, ownLength) = EncodeLongMatch(first, second, isLast, storedLength);
            if (own is null)
            {
                choice.Settle(longMatch: false);
                return EncodeZlib(first, second, level, isLast, storedLength, choice.SmallWindow);
            }

            (byte[] Buffer, int Length) zlib;
            try
            {
                zlib = EncodeZlib(first, second, level, isLast, storedLength, choice.SmallWindow);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(own);
                throw;
            }

            bool useOwn = ownLength <= zlib.Length;
            choice.Settle(useOwn);
            ArrayPool<byte>.Shared.Return(useOwn ? zlib.Buffer : own);
            return useOwn ? (own, ownLength) : zlib;
        }
        finally
        {
            // A failed trial must not leave the member's other chunks waiting (no-op once settled).
            choice.Settle(longMatch: false);
        }
    }

    // LongMatchEncoder's segment, or (null, -1) when it declines the input or cannot beat stored blocks.
    private static (byte[]? Buffer, int Length) EncodeLongMatch(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, bool isLast, long storedLength)
    {
        byte[]? joined = null;
        var input = second.IsEmpty ? first : first.IsEmpty ? second : Join(first, second, out joined);
        var buffer = ArrayPool<byte>.Shared.Rent((int)storedLength);
        try
        {
            int written = LongMatchEncoder.Encode(input, isLast, buffer.AsSpan(0, (int)storedLength));
            if (written >= 0)
            {
                var result = (buffer, written);
                buffer = null;
                return result;
            }

            return (null, -1);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }
    }

    // The two parts in one pooled buffer: matches may cross from one into the other.
    private static ReadOnlySpan<byte> Join(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, out byte[] joined)
    {
        joined = ArrayPool<byte>.Shared.Rent(first.Length + second.Length);
        first.CopyTo(joined);
        second.CopyTo(joined.AsSpan(first.Length));
        return joined.AsSpan(0, first.Length + second.Length);
    }

    // zlib-ng's segment, or stored blocks when deflate does not shrink the chunk.
    private static (byte[] Buffer, int Length) EncodeZlib(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int level, bool isLast, long storedLength, bool smallWindow)
    {
        int length = first.Length + second.Length;
        if (level > 0 && smallWindow)
        {
            // Straight into a buffer the size of the stored form: a segment that does not fit is no smaller than it.
            byte[]? buffer = ArrayPool<byte>.Shared.Rent((int)storedLength);
            try
            {
                int written = NativeDeflater.Deflate(first, second, buffer.AsSpan(0, (int)storedLength), ZlibLevel(first, second, level), SmallWindowBits, isLast);
                if (written >= 0 && written < storedLength)
                {
                    var result = (buffer, written);
                    buffer = null;
                    return result;
                }
            }
            finally
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        else if (level > 0)
        {
            var output = new PooledBufferStream(length / 2 + 1024);
            try
            {
                int keep = -1;
                using (var deflate = new DeflateStream(output, new ZLibCompressionOptions { CompressionLevel = ZlibLevel(first, second, level) }, leaveOpen: true))
                {
                    deflate.Write(first);
                    deflate.Write(second);
                    if (!isLast)
                    {
                        // Flush is a sync flush: it ends the segment on a byte boundary with 00 00 FF FF.
                        deflate.Flush();
                        keep = (int)output.Length;
                    }
                }

                if (keep >= 0)
                {
                    // Drop the final block that disposing the deflater appended.
                    output.Truncate(keep);
                }
                else if (output.Length == 0)
                {
                    output.Write(EmptyFinalBlock);
                }

                if (output.Length < storedLength)
                {
                    return output.Detach();
                }
            }
            finally
            {
                output.Dispose();
            }
        }

        return EncodeStored(first, second, isLast, (int)storedLength);
    }

    private static (byte[] Buffer, int Length) EncodeStored(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, bool isLast, int storedLength)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(storedLength);
        int length = first.Length + second.Length;
        int position = 0;
        int consumed = 0;
        do
        {
            int block = Math.Min(MaxStoredBlock, length - consumed);
            bool final = isLast && consumed + block == length;
            buffer[position] = final ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(position + 1), (ushort)block);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(position + 3), (ushort)~block);
            position += 5;
            CopyRange(first, second, consumed, buffer.AsSpan(position, block));
            position += block;
            consumed += block;
        }
        while (consumed < length);

        if (!isLast && length > 0)
        {
            // The sync-flush marker, so every non-last chunk ends the same way whichever encoding it got.
            buffer[position] = 0;
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(position + 1), 0);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(position + 3), 0xFFFF);
            position += 5;
        }

        return (buffer, position);
    }

    // Copies bytes [offset, offset + destination.Length) of first ++ second into destination.
    private static void CopyRange(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, int offset, Span<byte> destination)
    {
        if (offset < first.Length)
        {
            int fromFirst = Math.Min(first.Length - offset, destination.Length);
            first.Slice(offset, fromFirst).CopyTo(destination);
            second[..(destination.Length - fromFirst)].CopyTo(destination[fromFirst..]);
        }
        else
        {
            second.Slice(offset - first.Length, destination.Length).CopyTo(destination);
        }
    }
}
