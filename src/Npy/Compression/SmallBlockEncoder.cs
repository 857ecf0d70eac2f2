using System.Buffers.Binary;
using System.Numerics;
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
    private const int EndOfBlock = 256;

    private static readonly byte[] s_literalExtraBits = BuildLiteralExtraBits();

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

        int symbols = Tokenize(w, input);
        return WriteBlock(w, input, symbols, output);
    }

    // Every hash chain empty (-1: all bytes 0xFF), without Array.Fill<short>, which a ReadyToRun process compiles at
    // run time (see ByteFill).
    private static void ClearHead(short[] head) =>
        Internal.ByteFill.Fill(MemoryMarshal.CreateSpan(ref Unsafe.As<short, byte>(ref MemoryMarshal.GetArrayDataReference(head)), head.Length * sizeof(short)), 0xFF);

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

    // LZ77 with zlib's lazy evaluation; fills w.Lit (literal or length) / w.Dist (0 for a literal) and the frequencies.
    private static int Tokenize(Workspace w, ReadOnlySpan<byte> input)
    {
        ClearHead(w.Head);
        Array.Clear(w.LitFreq);
        Array.Clear(w.DistFreq);
        int count = 0;
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
                count = EmitMatch(w, count, prevLength, prevDistance);
                int end = pos - 1 + prevLength;
                InsertStrings(w, input, pos + 1, end);
                pos = end;
                pending = false;
                prevLength = MinMatch - 1;
                continue;
            }

            if (pending)
            {
                count = EmitLiteral(w, count, input[pos - 1]);
            }

            if (matchLength >= MinMatch && matchLength > LazyLength)
            {
                // Long enough not to look further (zlib's max_lazy).
                count = EmitMatch(w, count, matchLength, matchDistance);
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
            count = EmitLiteral(w, count, input[n - 1]);
        }

        w.LitFreq[EndOfBlock]++;
        return count;
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
                int length = MatchLength(ref match, ref scan, limit);
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

    // The number of equal leading bytes of the two positions, at most limit (match lies before scan).
    private static int MatchLength(ref byte match, ref byte scan, int limit)
    {
        int i = 0;
        while (i + 8 <= limit)
        {
            ulong difference = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref match, i)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref scan, i));
            if (difference != 0)
            {
                int equalBits = BitConverter.IsLittleEndian ? BitOperations.TrailingZeroCount(difference) : BitOperations.LeadingZeroCount(difference);
                return i + (equalBits >> 3);
            }

            i += 8;
        }

        while (i < limit && Unsafe.Add(ref match, i) == Unsafe.Add(ref scan, i))
        {
            i++;
        }

        return i;
    }

    private static int EmitLiteral(Workspace w, int count, byte value)
    {
        w.Lit[count] = value;
        w.Dist[count] = 0;
        w.LitFreq[value]++;
        return count + 1;
    }

    private static int EmitMatch(Workspace w, int count, int length, int distance)
    {
        w.Lit[count] = (short)length;
        w.Dist[count] = (short)distance;
        w.LitFreq[257 + DeflateSymbols.LengthCode(length)]++;
        w.DistFreq[DeflateSymbols.DistanceCode(distance)]++;
        return count + 1;
    }

    private static int WriteBlock(Workspace w, ReadOnlySpan<byte> input, int symbols, Span<byte> output)
    {
        HuffmanBuilder.Build(w.LitFreq, 286, 15, w.LitLen, w.Scratch);
        HuffmanBuilder.Build(w.DistFreq, 30, 15, w.DistLen, w.Scratch);
        int hlit = 286;
        while (hlit > 257 && w.LitLen[hlit - 1] == 0)
        {
            hlit--;
        }

        int hdist = 30;
        while (hdist > 1 && w.DistLen[hdist - 1] == 0)
        {
            hdist--;
        }

        // The code-length sequence, run-length coded (16: repeat previous 3-6, 17: zeros 3-10, 18: zeros 11-138).
        Span<byte> lengths = w.AllLengths.AsSpan(0, hlit + hdist);
        w.LitLen.AsSpan(0, hlit).CopyTo(lengths);
        w.DistLen.AsSpan(0, hdist).CopyTo(lengths[hlit..]);
        int runs = RunLengths(lengths, w.RunSymbol, w.RunExtra);
        Array.Clear(w.CodeLengthFreq);
        for (int i = 0; i < runs; i++)
        {
            w.CodeLengthFreq[w.RunSymbol[i]]++;
        }

        HuffmanBuilder.Build(w.CodeLengthFreq, 19, 7, w.CodeLengthLen, w.Scratch);
        int hclen = 19;
        while (hclen > 4 && w.CodeLengthLen[DeflateSymbols.CodeLengthOrder[hclen - 1]] == 0)
        {
            hclen--;
        }

        long dynamicBits = 3 + 5 + 5 + 4 + (3L * hclen);
        for (int i = 0; i < runs; i++)
        {
            int s = w.RunSymbol[i];
            dynamicBits += w.CodeLengthLen[s] + (s == 16 ? 2 : s == 17 ? 3 : s == 18 ? 7 : 0);
        }

        long fixedBits = 3;
        var litExtra = s_literalExtraBits;
        ReadOnlySpan<byte> fixedLit = DeflateSymbols.FixedLiteralLengths;
        for (int s = 0; s < 286; s++)
        {
            // Branch-free: unused symbols add nothing.
            long freq = w.LitFreq[s];
            dynamicBits += freq * (w.LitLen[s] + litExtra[s]);
            fixedBits += freq * (fixedLit[s] + litExtra[s]);
        }

        for (int s = 0; s < 30; s++)
        {
            long freq = w.DistFreq[s];
            dynamicBits += freq * (w.DistLen[s] + DeflateSymbols.DistanceExtraBits(s));
            fixedBits += freq * (5 + DeflateSymbols.DistanceExtraBits(s));
        }

        long storedBytes = input.Length + 5;
        long dynamicBytes = (dynamicBits + 7) / 8;
        long fixedBytes = (fixedBits + 7) / 8;
        if (storedBytes <= dynamicBytes && storedBytes <= fixedBytes)
        {
            output[0] = 1;
            BinaryPrimitives.WriteUInt16LittleEndian(output[1..], (ushort)input.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(output[3..], (ushort)~input.Length);
            input.CopyTo(output[5..]);
            return input.Length + 5;
        }

        var bits = new BitWriter(w.Output);
        int literalCodes = 286;
        if (fixedBytes <= dynamicBytes)
        {
            bits.Write(0b011, 3);
            FixedCodes(w.LitLen, w.DistLen);
            literalCodes = 288;
        }
        else
        {
            bits.Write(0b101, 3);
            bits.Write(hlit - 257, 5);
            bits.Write(hdist - 1, 5);
            bits.Write(hclen - 4, 4);
            HuffmanBuilder.Codes(w.CodeLengthLen, 19, w.CodeLengthCode);
            for (int i = 0; i < hclen; i++)
            {
                bits.Write(w.CodeLengthLen[DeflateSymbols.CodeLengthOrder[i]], 3);
            }

            for (int i = 0; i < runs; i++)
            {
                int s = w.RunSymbol[i];
                bits.Write(w.CodeLengthCode[s], w.CodeLengthLen[s]);
                if (s >= 16)
                {
                    bits.Write(w.RunExtra[i], s == 16 ? 2 : s == 17 ? 3 : 7);
                }
            }
        }

        HuffmanBuilder.Codes(w.LitLen, literalCodes, w.LitCode);
        HuffmanBuilder.Codes(w.DistLen, 30, w.DistCode);
        for (int i = 0; i < symbols; i++)
        {
            int distance = w.Dist[i];
            if (distance == 0)
            {
                int literal = w.Lit[i];
                bits.Write(w.LitCode[literal], w.LitLen[literal]);
                continue;
            }

            int length = w.Lit[i];
            int lengthCode = DeflateSymbols.LengthCode(length);
            bits.Write(w.LitCode[257 + lengthCode], w.LitLen[257 + lengthCode]);
            int lengthExtra = DeflateSymbols.LengthExtraBits(lengthCode);
            if (lengthExtra > 0)
            {
                bits.Write(length - DeflateSymbols.LengthBase(lengthCode), lengthExtra);
            }

            int distanceCode = DeflateSymbols.DistanceCode(distance);
            bits.Write(w.DistCode[distanceCode], w.DistLen[distanceCode]);
            int distanceExtra = DeflateSymbols.DistanceExtraBits(distanceCode);
            if (distanceExtra > 0)
            {
                bits.Write(distance - DeflateSymbols.DistanceBase(distanceCode), distanceExtra);
            }
        }

        bits.Write(w.LitCode[EndOfBlock], w.LitLen[EndOfBlock]);
        int written = bits.Finish();
        w.Output.AsSpan(0, written).CopyTo(output);
        return written;
    }

    // The fixed code (RFC 1951 §3.2.6) is the canonical code of these lengths over all 288 literal/length symbols.
    private static void FixedCodes(byte[] litLen, byte[] distLen)
    {
        DeflateSymbols.FixedLiteralLengths.CopyTo(litLen);
        Internal.ByteFill.Fill(distLen, 5);
    }

    private static byte[] BuildLiteralExtraBits()
    {
        var extra = new byte[286];
        for (int s = 257; s < 286; s++)
        {
            extra[s] = (byte)DeflateSymbols.LengthExtraBits(s - 257);
        }

        return extra;
    }

    private static int RunLengths(ReadOnlySpan<byte> lengths, byte[] symbol, byte[] extra)
    {
        int runs = 0;
        int i = 0;
        while (i < lengths.Length)
        {
            byte value = lengths[i];
            int run = 1;
            while (i + run < lengths.Length && lengths[i + run] == value)
            {
                run++;
            }

            int left = run;
            if (value == 0)
            {
                while (left >= 11)
                {
                    int take = Math.Min(left, 138);
                    (symbol[runs], extra[runs++]) = (18, (byte)(take - 11));
                    left -= take;
                }

                if (left >= 3)
                {
                    (symbol[runs], extra[runs++]) = (17, (byte)(left - 3));
                    left = 0;
                }
            }
            else
            {
                (symbol[runs], extra[runs++]) = (value, 0);
                left--;
                while (left >= 3)
                {
                    int take = Math.Min(left, 6);
                    (symbol[runs], extra[runs++]) = (16, (byte)(take - 3));
                    left -= take;
                }
            }

            for (; left > 0; left--)
            {
                (symbol[runs], extra[runs++]) = (value, 0);
            }

            i += run;
        }

        return runs;
    }

    private sealed class Workspace
    {
        public readonly byte[] Input = new byte[MaxInput];

        // A chosen Huffman block is no longer than the stored one (MaxInput + 5), plus the bit writer's word of slack.
        public readonly byte[] Output = new byte[MaxInput + 16];
        public readonly short[] Head = new short[1 << HashBits];
        public readonly short[] Prev = new short[MaxInput];
        public readonly short[] Lit = new short[MaxInput];
        public readonly short[] Dist = new short[MaxInput];
        public readonly int[] LitFreq = new int[286];
        public readonly int[] DistFreq = new int[30];
        public readonly int[] CodeLengthFreq = new int[19];
        public readonly byte[] LitLen = new byte[288];
        public readonly byte[] DistLen = new byte[30];
        public readonly byte[] CodeLengthLen = new byte[19];
        public readonly ushort[] LitCode = new ushort[288];
        public readonly ushort[] DistCode = new ushort[30];
        public readonly ushort[] CodeLengthCode = new ushort[19];
        public readonly byte[] AllLengths = new byte[316];
        public readonly byte[] RunSymbol = new byte[316];
        public readonly byte[] RunExtra = new byte[316];
        public readonly HuffmanBuilder.Buffers Scratch = new();
    }
}
