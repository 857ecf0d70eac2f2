using System.Buffers;
using Npy.Internal;
using Npy.Zip;

namespace Npy;

public sealed partial class NpzReader
{
    // A batch of small members read with one read: enough to make the read's cost vanish, small enough to share out.
    private const int BatchMembers = 32;
    private const long BatchBytes = 256 << 10;

    /// <summary>Reads a small member whole into a pooled buffer, then parses its header and copies the data out.</summary>
    /// <returns>The array; <see langword="null"/> when the member is not a .npy.</returns>
    /// <remarks>
    /// A member whose data is faulty is read again through the streaming path, so that the error raised (and its
    /// order relative to header errors) is exactly that path's.
    /// </remarks>
    private NpyArray? TryReadSmallArray(NpzMember member, ReadOnlySpan<byte> window, long windowStart, CancellationToken cancellationToken, out bool faulty)
    {
        faulty = false;
        if (!_zip.TryReadSmall(member.Entry, window, windowStart, cancellationToken, out SmallMemberData read))
        {
            faulty = true;
            return null;
        }

        using (read)
        {
            ReadOnlySpan<byte> bytes = read.Bytes;
            if (!CheckPrefix(bytes[..Math.Min(MagicProbeLength, bytes.Length)], member, out int prefixLength))
            {
                return null;
            }

            NpyHeader header = AdmitHeader(bytes[..prefixLength], member, prefixLength);
            Memory<byte> data = ClrTypeMap.Allocate(header.DType, header.DataLength, zeroed: false);
            bytes.Slice(prefixLength, (int)header.DataLength).CopyTo(data.Span);
            BoolNormalizer.Normalize(header.DType, data);
            return new NpyArray(header.DType, header.ShapeSpan, header.FortranOrder, data);
        }
    }

    /// <summary>Splits the members into runs that <see cref="ReadBatch"/> reads with one read each.</summary>
    /// <returns>Batch boundaries: batch b is members [result[b], result[b + 1]).</returns>
    /// <remarks>
    /// A run holds up to <see cref="BatchMembers"/> consecutive small members lying one after another in the archive
    /// within <see cref="BatchBytes"/>. With <paramref name="pairs"/>, two consecutive members that
    /// <see cref="ZipReader.InflatesInPairs"/> form a batch (<see cref="ReadPair"/>). Any other member is a batch of its own.
    /// </remarks>
    private int[] PlanBatches(bool pairs)
    {
        var bounds = new List<int>(_members.Length / BatchMembers + 2) { 0 };
        int start = 0;
        for (int i = 1; i < _members.Length; i++)
        {
            ZipEntry first = _members[start].Entry;
            ZipEntry previous = _members[i - 1].Entry;
            ZipEntry next = _members[i].Entry;
            bool joins = ReadsSmallMembersWhole
                && i - start < BatchMembers
                && ZipReader.IsSmall(first) && ZipReader.IsSmall(next)
                && next.LocalHeaderOffset == previous.EndBound
                && next.EndBound - first.LocalHeaderOffset <= BatchBytes;
            joins |= pairs && i - start == 1 && ZipReader.InflatesInPairs(first) && ZipReader.InflatesInPairs(next);
            if (!joins)
            {
                bounds.Add(i);
                start = i;
            }
        }

        if (_members.Length > 0)
        {
            bounds.Add(_members.Length);
        }

        return [.. bounds];
    }

    /// <summary>Reads members [from, to): a run of small members with one read of the archive, two large ones at once, any other member on its own.</summary>
    private void ReadBatch(int from, int to, NpyArray?[] arrays, CancellationToken cancellationToken)
    {
        if (to - from == 1)
        {
            arrays[from] = TryReadArray(_members[from], cancellationToken);
            return;
        }

        if (!ZipReader.IsSmall(_members[from].Entry))
        {
            ReadPair(from, arrays, cancellationToken);
            return;
        }

        long start = _members[from].Entry.LocalHeaderOffset;
        int length = (int)(_members[to - 1].Entry.EndBound - start);
        byte[] window = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int read = _zip.ReadWindow(start, window.AsSpan(0, length));
            for (int i = from; i < to; i++)
            {
                arrays[i] = TryReadArray(_members[i], window.AsSpan(0, read), start, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }
    }
}
