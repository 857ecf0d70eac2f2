using Npy.Zip;

namespace Npy;

/// <content>
/// Large members two at a time on one core: each member NumPy writes is one deflate stream that decodes at the
/// latency of its symbol chain, and two streams decoded in one loop (<c>Inflater.ReadPair</c>) take about 1.6 times
/// one stream's speed on near-random data. Pairs pay when every core gets one; with fewer members, one member per
/// core finishes sooner.
/// </content>
public sealed partial class NpzReader
{
    // Whether ReadAll reads large deflated members in pairs: at least one pair for every core.
    private bool PairsPay(int degree)
    {
        int pairable = 0;
        foreach (NpzMember member in _members)
        {
            if (ZipReader.InflatesInPairs(member.Entry) && ++pairable >= 2 * degree)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads members <paramref name="first"/> and the next one, decoding both on this core at once.</summary>
    private void ReadPair(int first, NpyArray?[] arrays, CancellationToken cancellationToken)
    {
        NpzMember a = _members[first];
        NpzMember b = _members[first + 1];
        using ZipMemberReadStream streamA = _zip.OpenRead(a.Entry, headOnly: true, pair: true);
        using ZipMemberReadStream streamB = _zip.OpenRead(b.Entry, headOnly: true, pair: true);
        NpyHeader? headerA = ReadHeader(streamA, a, out _);
        NpyHeader? headerB = ReadHeader(streamB, b, out _);
        Memory<byte> dataA = headerA is null ? default : AllocateData(headerA);
        Memory<byte> dataB = headerB is null ? default : AllocateData(headerB);
        if (headerA is not null && headerB is not null)
        {
            ZipMemberReadStream.ReadBothToEnd(streamA, dataA, streamB, dataB, cancellationToken);
        }
        else if (headerA is not null)
        {
            streamA.ReadToEnd(dataA, cancellationToken);
        }
        else if (headerB is not null)
        {
            streamB.ReadToEnd(dataB, cancellationToken);
        }

        arrays[first] = headerA is null ? null : Complete(headerA, dataA);
        arrays[first + 1] = headerB is null ? null : Complete(headerB, dataB);
    }
}
