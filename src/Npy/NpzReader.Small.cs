using Npy.Internal;
using Npy.Zip;

namespace Npy;

public sealed partial class NpzReader
{
    /// <summary>Reads a small member whole into a pooled buffer, then parses its header and copies the data out.</summary>
    /// <returns>The array; <see langword="null"/> when the member is not a .npy.</returns>
    /// <remarks>
    /// A member whose data is faulty is read again through the streaming path, so that the error raised (and its
    /// order relative to header errors) is exactly that path's.
    /// </remarks>
    private NpyArray? TryReadSmallArray(NpzMember member, CancellationToken cancellationToken, out bool faulty)
    {
        faulty = false;
        if (!_zip.TryReadSmall(member.Entry, cancellationToken, out SmallMemberData read))
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
            BoolNormalizer.Normalize(header.DType, data.Span);
            return new NpyArray(header.DType, header.ShapeSpan, header.FortranOrder, data);
        }
    }
}
