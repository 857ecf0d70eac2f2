using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Npy.Compression;

/// <summary>
/// Deflates one chunk of data made of long repeats (small integers in wide types, labels, fixed-width text) two to
/// three times as fast as zlib-ng at level 6, into a segment framed like <see cref="DeflateChunkEncoder"/>'s.
/// </summary>
/// <remarks>
/// <para>
/// zlib's match finder hashes the next 3–4 bytes. In such data a handful of 4-byte strings (runs of zero bytes) start
/// most positions, so its hash chains are long and almost all of their candidates are useless: level 6 walks up to 128
/// of them per search to find a match a few elements long (about 60 MB/s on int64 labels 0–9 on one core). This encoder
/// first follows a chain keyed on the next 16 bytes, whose candidates (hash collisions aside) all share them, and only
/// when that finds nothing a short chain keyed on 4 bytes. Parsing is zlib's: one step of lazy evaluation below
/// <see cref="LazyLength"/>, every position entered into both chains.
/// </para>
/// <para>
/// On data without long repeats it is slower than zlib-ng and compresses less, so it gives up (returns -1) when the
/// first <see cref="ProbeLength"/> bytes are mostly not covered by matches of 16 bytes or more, and
/// <see cref="DeflateChunkEncoder"/> uses it for a member only when its segment of the member's first chunk came out
/// no larger than zlib-ng's.
/// </para>
/// </remarks>
internal static unsafe class LongMatchEncoder
{
    /// <summary>The smallest input worth the tables' set-up.</summary>
    public const int MinInput = 64 << 10;

    private const int WindowSize = 32768;
    private const int WindowMask = WindowSize - 1;
    private const int LongKey = 16;
    private const int ShortKey = 4;
    private const int LongHashBits = 15;
    private const int ShortHashBits = 16;
    private const int MaxMatch = 258;
    private const int LongChain = 16;
    private const int ShortChain = 8;
    private const int LazyLength = 32;
    private const int ProbeLength = 32 << 10;

    // Symbols per block: the block's Huffman codes adapt this often (zlib's level 6 ends a block after 16,383).
    private const int BlockSymbols = 16384;

    // After the last block: the sync-flush marker (3 bits, padding, 4 bytes) and the bit writer's word of slack.
    private const int TrailerReserve = 5 + 4;

    [ThreadStatic]
    private static Workspace? t_workspace;

    /// <summary>
    /// Encodes <paramref name="input"/> into <paramref name="output"/> as a deflate segment: ended by a final block when
    /// <paramref name="isLast"/>, otherwise by a sync-flush marker. Returns the length written, or -1 when the input has
    /// too few long repeats for this encoder or the segment would not fit.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> input, bool isLast, Span<byte> output)
    {
        if (input.Length < MinInput)
        {
            throw new ArgumentException("Input too small for the long-match encoder.", nameof(input));
        }

        var w = t_workspace ??= new Workspace();
        ClearHeads(w);
        w.Block.Reset();
        var bits = new BitWriter(output);
        fixed (byte* start = input)
        {
            if (!Tokenize(w, start, input, isLast, ref bits, output.Length))
            {
                return -1;
            }
        }

        if (!isLast)
        {
            DeflateBlock.WriteSyncFlush(ref bits);
        }

        return bits.Finish();
    }

    private static bool Tokenize(Workspace w, byte* s, ReadOnlySpan<byte> input, bool isLast, ref BitWriter bits, int capacity)
    {
        var block = w.Block;
        int n = input.Length;
        int blockStart = 0;
        long longCovered = 0;
        bool probed = false;
        int p = 0;
        while (p < n)
        {
            if (block.Count >= BlockSymbols - 2)
            {
                if (!block.Write(ref bits, input[blockStart..p], final: false, capacity, TrailerReserve))
                {
                    return false;
                }

                block.Reset();
                blockStart = p;
            }

            if (!probed && p >= ProbeLength)
            {
                if (longCovered * 2 < p)
                {
                    return false;
                }

                probed = true;
            }

            int length = FindMatch(w, s, p, n, ShortKey - 1, out int distance);
            Insert(w, s, p, n);
            if (length != 0 && length < LazyLength && p + 1 < n)
            {
                // zlib's lazy evaluation: a longer match one byte on is worth a literal.
                int next = FindMatch(w, s, p + 1, n, length, out int nextDistance);
                if (next != 0)
                {
                    block.AddLiteral(s[p]);
                    p++;
                    Insert(w, s, p, n);
                    length = next;
                    distance = nextDistance;
                }
            }

            if (length == 0)
            {
                block.AddLiteral(s[p]);
                p++;
                continue;
            }

            block.AddMatch(length, distance);
            longCovered += length >= LongKey ? length : 0;
            int end = p + length;
            for (p++; p < end; p++)
            {
                Insert(w, s, p, n);
            }
        }

        return block.Write(ref bits, input[blockStart..], final: isLast, capacity, TrailerReserve);
    }

    // The longest match at p longer than better (0 when none): the 16-byte chain first, the 4-byte chain if it found
    // nothing that long.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindMatch(Workspace w, byte* s, int p, int n, int better, out int distance)
    {
        distance = 0;
        int limit = Math.Min(MaxMatch, n - p);
        if (limit <= better)
        {
            return 0;
        }

        int best = better;
        if (p + LongKey <= n)
        {
            best = WalkChain(w.LongHead[LongHash(s + p)], w.LongPrev, LongChain, s, p, limit, best, ref distance);
            if (best >= LongKey)
            {
                // Long enough (or no better than the caller's): the short chain would not do better.
                return distance == 0 ? 0 : best;
            }
        }

        if (p + ShortKey <= n)
        {
            best = WalkChain(w.ShortHead[ShortHash(s + p)], w.ShortPrev, ShortChain, s, p, limit, best, ref distance);
        }

        return distance == 0 ? 0 : best;
    }

    // zlib's longest_match over one chain: a candidate is compared in full only when its byte at the current best
    // length matches; the walk stops at the window's edge, at the chain's end or after `chain` candidates.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WalkChain(int candidate, int[] prev, int chain, byte* s, int p, int limit, int best, ref int distance)
    {
        byte* scan = s + p;
        ref int prevStart = ref MemoryMarshal.GetArrayDataReference(prev);
        while (candidate >= 0 && p - candidate <= WindowSize && chain-- > 0)
        {
            byte* match = s + candidate;
            if (match[best] == scan[best])
            {
                int length = MatchLength.Of(ref *match, ref *scan, limit);
                if (length > best)
                {
                    best = length;
                    distance = p - candidate;
                    if (length >= limit)
                    {
                        break;
                    }
                }
            }

            int older = Unsafe.Add(ref prevStart, candidate & WindowMask);
            if (older >= candidate)
            {
                break;
            }

            candidate = older;
        }

        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Insert(Workspace w, byte* s, int p, int n)
    {
        if (p + LongKey <= n)
        {
            ref int head = ref w.LongHead[LongHash(s + p)];
            w.LongPrev[p & WindowMask] = head;
            head = p;
        }

        if (p + ShortKey <= n)
        {
            ref int head = ref w.ShortHead[ShortHash(s + p)];
            w.ShortPrev[p & WindowMask] = head;
            head = p;
        }
    }

    // Multiplicative hashes of the bytes as read in machine order (the output is the same either way: any candidate
    // is compared byte by byte).
    private static uint LongHash(byte* p) =>
        (uint)(((Unsafe.ReadUnaligned<ulong>(p) * 0x9E3779B97F4A7C15UL) ^ (Unsafe.ReadUnaligned<ulong>(p + 8) * 0xC2B2AE3D27D4EB4FUL)) >> (64 - LongHashBits));

    private static uint ShortHash(byte* p) => (Unsafe.ReadUnaligned<uint>(p) * 2654435761u) >> (32 - ShortHashBits);

    // Every chain empty (-1: all bytes 0xFF). The previous-position tables need no clearing: only positions entered in
    // this chunk are reached through the heads.
    private static void ClearHeads(Workspace w)
    {
        Internal.ByteFill.FillArray(w.LongHead, 0xFF);
        Internal.ByteFill.FillArray(w.ShortHead, 0xFF);
    }

    private sealed class Workspace
    {
        public readonly int[] LongHead = new int[1 << LongHashBits];
        public readonly int[] LongPrev = new int[WindowSize];
        public readonly int[] ShortHead = new int[1 << ShortHashBits];
        public readonly int[] ShortPrev = new int[WindowSize];
        public readonly DeflateBlock Block = new(BlockSymbols);
    }
}
