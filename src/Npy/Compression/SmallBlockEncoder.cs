using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Npy.Compression;

/// <summary>
/// Deflates a small input (at most <see cref="MaxInput"/> bytes) into one complete raw deflate stream of a single final
/// block, as zlib at level 6 would shape it: lazy LZ77 matching over the whole input, then the smallest of a dynamic
/// Huffman, fixed Huffman or stored block.
/// </summary>
/// <remarks>
/// zlib-ng spends about 16 µs per call building and sending a dynamic block for a few hundred bytes of varied data
/// (a fresh deflater per member, and no <c>deflateReset</c> exported by .NET's native library), which bounds archives
/// of many tiny arrays; this does the same work without native calls or per-call allocation. Output is plain
/// RFC 1951 (any inflater reads it); it is not byte-identical to zlib's.
/// </remarks>
internal static class SmallBlockEncoder
{
    /// <summary>The largest input this encoder takes.</summary>
    public const int MaxInput = 2048;

    private const int HashBits = 11;
    private const int MinMatch = 3;
    private const int MaxMatch = 258;
    private const int MaxChain = 128;
    private const int GoodLength = 8;
    private const int LazyLength = 16;
    private const int NiceLength = 128;

    [ThreadStatic]
    private static Workspace? t_workspace;

    /// <summary>Returns the largest output for an input of <paramref name="length"/> bytes (a stored block's).</summary>
    public static int MaxOutput(int length) => length + 5;

    /// <summary>
    /// Compresses <paramref name="first"/> followed by <paramref name="second"/> into <paramref name="output"/>;
    /// returns the length written, or -1 (nothing written) when the input is match-heavy and zlib-ng is the faster
    /// encoder for it.
    /// </summary>
    /// <remarks>
    /// The gain is in the block coding of literal-heavy inputs (numbers with noisy mantissas: ~7 µs here against
    /// 16–22 µs for a few hundred bytes). Where most 3-byte sequences repeat (small integers, few distinct values),
    /// zlib-ng's match finder is several times faster than this one; a counting pass over the hashes decides first.
    /// </remarks>
    public static int TryEncode(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> output) =>
        Encode(first, second, output, onlyLiteralHeavy: true);

    /// <summary>Like <see cref="TryEncode"/>, but always encodes.</summary>
    public static int Encode(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> output) =>
        Encode(first, second, output, onlyLiteralHeavy: false);

    private static int Encode(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> output, bool onlyLiteralHeavy)
    {
        int length = first.Length + second.Length;
        if (length > MaxInput || output.Length < MaxOutput(length))
        {
            throw new ArgumentException("Input too large or output too small for the small-block encoder.");
        }

        var w = t_workspace ??= new Workspace();
        first.CopyTo(w.Input);
        second.CopyTo(w.Input.AsSpan(first.Length));
        var input = w.Input.AsSpan(0, length);
        if (onlyLiteralHeavy && RepeatedTriples(w, input) * 2 > length)
        {
            return -1;
        }

        Tokenize(w, input);
        return WriteBlock(w, input, output);
    }

    // Every hash chain empty (-1: all bytes 0xFF).
    private static void ClearHead(short[] head) => Internal.ByteFill.FillArray(head, 0xFF);

    // How many positions start a 3-byte sequence whose hash was seen before: a cheap measure of match-finding work.
    private static int RepeatedTriples(Workspace w, ReadOnlySpan<byte> input)
    {
        ClearHead(w.Head);
        int repeats = 0;
        for (int pos = 0; pos + MinMatch <= input.Length; pos++)
        {
            int hash = Hash(input, pos);
            repeats += w.Head[hash] >= 0 ? 1 : 0;
            w.Head[hash] = 0;
        }

        return repeats;
    }

    // LZ77 with zlib's lazy evaluation, into w.Block.
    private static void Tokenize(Workspace w, ReadOnlySpan<byte> input)
    {
        ClearHead(w.Head);
        var block = w.Block;
        block.Reset();
        int n = input.Length;
        int pos = 0;
        int prevLength = MinMatch - 1;
        int prevDistance = 0;
        bool pending = false;
        while (pos < n)
        {
            int matchLength = MinMatch - 1;
            int matchDistance = 0;
            if (pos + MinMatch <= n)
            {
                int hash = Hash(input, pos);
                int candidate = w.Head[hash];
                w.Prev[pos] = (short)candidate;
                w.Head[hash] = (short)pos;
                if (candidate >= 0 && prevLength < LazyLength)
                {
                    (matchLength, matchDistance) = LongestMatch(w, input, pos, candidate, prevLength);
                }
            }

            if (prevLength >= MinMatch && matchLength <= prevLength)
            {
                // The match found at the previous position is at least as long: emit it.
                block.AddMatch(prevLength, prevDistance);
                int end = pos - 1 + prevLength;
                InsertStrings(w, input, pos + 1, end);
                pos = end;
                pending = false;
                prevLength = MinMatch - 1;
                continue;
            }

            if (pending)
            {
                block.AddLiteral(input[pos - 1]);
            }

            if (matchLength >= MinMatch && matchLength > LazyLength)
            {
                // Long enough not to look further (zlib's max_lazy).
                block.AddMatch(matchLength, matchDistance);
                int end = pos + matchLength;
                InsertStrings(w, input, pos + 1, end);
                pos = end;
                pending = false;
                prevLength = MinMatch - 1;
                continue;
            }

            prevLength = matchLength;
            prevDistance = matchDistance;
            pending = true;
            pos++;
        }

        if (pending)
        {
            block.AddLiteral(input[n - 1]);
        }

    }

    // Enters the strings starting inside an emitted match into the hash chains, as zlib does at level 6.
    private static void InsertStrings(Workspace w, ReadOnlySpan<byte> input, int from, int end)
    {
        for (int p = from; p < end && p + MinMatch <= input.Length; p++)
        {
            int hash = Hash(input, p);
            w.Prev[p] = w.Head[hash];
            w.Head[hash] = (short)p;
        }
    }

    private static int Hash(ReadOnlySpan<byte> input, int pos) =>
        (int)(((uint)(input[pos] | (input[pos + 1] << 8) | (input[pos + 2] << 16)) * 2654435761u) >> (32 - HashBits));

    // zlib's longest_match: walk the hash chain, skipping candidates whose first two bytes or whose byte at the
    // current best length differ, and compare the rest eight bytes at a time. Every read stays below pos + limit.
    private static (int Length, int Distance) LongestMatch(Workspace w, ReadOnlySpan<byte> input, int pos, int candidate, int prevLength)
    {
        int best = prevLength;
        int bestDistance = 0;
        int chain = prevLength >= GoodLength ? MaxChain >> 2 : MaxChain;
        int limit = Math.Min(MaxMatch, input.Length - pos);
        if (best >= limit)
        {
            return (MinMatch - 1, 0);
        }

        ref byte start = ref MemoryMarshal.GetReference(input);
        ref byte scan = ref Unsafe.Add(ref start, pos);
        ushort scanStart = Unsafe.ReadUnaligned<ushort>(ref scan);
        byte scanEnd = Unsafe.Add(ref scan, best);
        short[] prev = w.Prev;
        while (candidate >= 0 && chain-- > 0)
        {
            ref byte match = ref Unsafe.Add(ref start, candidate);
            if (Unsafe.Add(ref match, best) == scanEnd && Unsafe.ReadUnaligned<ushort>(ref match) == scanStart)
            {
                int length = MatchLength.Of(ref match, ref scan, limit);
                if (length > best)
                {
                    best = length;
                    bestDistance = pos - candidate;
                    if (length >= NiceLength || length >= limit)
                    {
                        break;
                    }

                    scanEnd = Unsafe.Add(ref scan, best);
                }
            }

            candidate = prev[candidate];
        }

        return bestDistance == 0 ? (MinMatch - 1, 0) : (best, bestDistance);
    }

    private static int WriteBlock(Workspace w, ReadOnlySpan<byte> input, Span<byte> output)
    {
        var bits = new BitWriter(w.Output);

        // Never refused: the output holds the stored block, which the block coder falls back to.
        w.Block.Write(ref bits, input, final: true, w.Output.Length, reserve: 4);
        int written = bits.Finish();
        w.Output.AsSpan(0, written).CopyTo(output);
        return written;
    }

    private sealed class Workspace
    {
        public readonly byte[] Input = new byte[MaxInput];

        // A chosen Huffman block is no longer than the stored one (MaxInput + 5), plus the bit writer's word of slack.
        public readonly byte[] Output = new byte[MaxInput + 16];
        public readonly short[] Head = new short[1 << HashBits];
        public readonly short[] Prev = new short[MaxInput];
        public readonly DeflateBlock Block = new(MaxInput);
    }
}
