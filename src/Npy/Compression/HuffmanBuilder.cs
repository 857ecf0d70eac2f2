namespace Npy.Compression;

/// <summary>Length-limited Huffman code lengths and canonical codes for deflate blocks (RFC 1951 §3.2.2).</summary>
internal static class HuffmanBuilder
{
    private static readonly byte[] s_reversedBytes = BuildReversedBytes();

    /// <summary>Computes code lengths (at most <paramref name="maxBits"/>) for symbols 0..<paramref name="count"/>-1 from their frequencies.</summary>
    /// <remarks>
    /// Like zlib, a tree gets at least two codes (unused low symbols stand in), so every inflater accepts it. Lengths
    /// beyond the limit are fixed as zlib's <c>gen_bitlen</c> does (leaves moved until the code is complete again) and
    /// the lengths are handed out again, longest to least frequent.
    /// </remarks>
    public static void Build(ReadOnlySpan<int> freq, int count, int maxBits, Span<byte> lengths, Buffers b)
    {
        lengths[..count].Clear();
        int m = 0;
        for (int s = 0; s < count; s++)
        {
            if (freq[s] > 0)
            {
                b.Keys[m++] = ((long)freq[s] << 16) | (uint)s;
            }
        }

        for (int s = 0; m < 2 && s < count; s++)
        {
            if (freq[s] == 0)
            {
                b.Keys[m++] = (1L << 16) | (uint)s;
            }
        }

        var keys = b.Keys.AsSpan(0, m);
        SortByFrequency(keys, b.SortTemp.AsSpan(0, m));

        // Two-queue Huffman: leaves 0..m-1 in ascending weight, internal nodes m.. created in ascending weight.
        var weight = b.Weight.AsSpan(0, 2 * m);
        var parent = b.Parent.AsSpan(0, 2 * m);
        for (int i = 0; i < m; i++)
        {
            weight[i] = keys[i] >> 16;
        }

        int leaf = 0;
        int next = m;
        int node = m;
        while (node < 2 * m - 1)
        {
            int a = Pick(weight, ref leaf, m, ref next, node);
            int c = Pick(weight, ref leaf, m, ref next, node);
            weight[node] = weight[a] + weight[c];
            parent[a] = node;
            parent[c] = node;
            node++;
        }

        var depth = b.Depth.AsSpan(0, 2 * m);
        int root = 2 * m - 2;
        depth[root] = 0;
        for (int i = root - 1; i >= 0; i--)
        {
            depth[i] = depth[parent[i]] + 1;
        }

        var bitCount = b.BitCount.AsSpan(0, 16);
        bitCount.Clear();
        long kraft = 0;
        for (int i = 0; i < m; i++)
        {
            int d = Math.Min(depth[i], maxBits);
            bitCount[d]++;
            kraft += 1L << (maxBits - d);
        }

        // Clamping the deep leaves to maxBits over-subscribes the code by (kraft - 2^maxBits) units of 2^-maxBits.
        // Each step moves a shorter leaf one level down and pairs a clamped leaf with it, removing one unit, so the
        // code ends complete (as inflaters require), the way zlib's gen_bitlen does it.
        for (long excess = kraft - (1L << maxBits); excess > 0; excess--)
        {
            int bits = maxBits - 1;
            while (bitCount[bits] == 0)
            {
                bits--;
            }

            bitCount[bits]--;
            bitCount[bits + 1] += 2;
            bitCount[maxBits]--;
        }

        // Hand the lengths out again: the least frequent leaves (first in keys) get the longest codes.
        int k = 0;
        for (int bits = maxBits; bits >= 1; bits--)
        {
            for (int n = bitCount[bits]; n > 0; n--)
            {
                lengths[(int)(keys[k++] & 0xFFFF)] = (byte)bits;
            }
        }
    }

    /// <summary>Computes the canonical codes for <paramref name="lengths"/>, bit-reversed for LSB-first output.</summary>
    public static void Codes(ReadOnlySpan<byte> lengths, int count, Span<ushort> codes)
    {
        Span<int> bitCount = stackalloc int[16];
        for (int s = 0; s < count; s++)
        {
            bitCount[lengths[s]]++;
        }

        bitCount[0] = 0;
        Span<int> nextCode = stackalloc int[16];
        int code = 0;
        for (int bits = 1; bits < 16; bits++)
        {
            code = (code + bitCount[bits - 1]) << 1;
            nextCode[bits] = code;
        }

        for (int s = 0; s < count; s++)
        {
            int len = lengths[s];
            if (len != 0)
            {
                codes[s] = Reverse(nextCode[len]++, len);
            }
        }
    }

    private static ushort Reverse(int code, int length)
    {
        int reversed = (s_reversedBytes[code & 0xFF] << 8) | s_reversedBytes[(code >> 8) & 0xFF];
        return (ushort)(reversed >> (16 - length));
    }

    // Keys are collected in ascending symbol order; stable counting passes over the frequency's two low bytes
    // (frequencies of a small block stay below 65536) then order them by (frequency, symbol), as a full sort would.
    private static void SortByFrequency(Span<long> keys, Span<long> temp)
    {
        if (keys.Length <= 32)
        {
            // Small alphabets (distances, code lengths): insertion sort beats the counting passes' fixed cost.
            for (int i = 1; i < keys.Length; i++)
            {
                long key = keys[i];
                int j = i - 1;
                while (j >= 0 && keys[j] > key)
                {
                    keys[j + 1] = keys[j];
                    j--;
                }

                keys[j + 1] = key;
            }

            return;
        }

        Span<int> counts = stackalloc int[257];
        long largest = 0;
        foreach (long key in keys)
        {
            largest = Math.Max(largest, key);
        }

        if (largest >> 32 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keys), "Symbol frequencies of a small block stay below 65536.");
        }

        // Most small blocks have no frequency above 255: one pass then suffices.
        int lastShift = largest >> 24 == 0 ? 16 : 24;
        for (int shift = 16; shift <= lastShift; shift += 8)
        {
            counts.Clear();
            foreach (long key in keys)
            {
                counts[(int)((key >> shift) & 0xFF) + 1]++;
            }

            for (int i = 1; i < 257; i++)
            {
                counts[i] += counts[i - 1];
            }

            foreach (long key in keys)
            {
                temp[counts[(int)((key >> shift) & 0xFF)]++] = key;
            }

            temp.CopyTo(keys);
        }
    }

    private static byte[] BuildReversedBytes()
    {
        var table = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            int r = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                r |= ((i >> bit) & 1) << (7 - bit);
            }

            table[i] = (byte)r;
        }

        return table;
    }

    // Takes the lighter of the next leaf and the next internal node (leaves first on ties, as keeps trees shallow).
    private static int Pick(Span<long> weight, ref int leaf, int leaves, ref int next, int created)
    {
        if (leaf < leaves && (next >= created || weight[leaf] <= weight[next]))
        {
            return leaf++;
        }

        return next++;
    }

    /// <summary>Reusable working memory of <see cref="Build"/> (per thread).</summary>
    internal sealed class Buffers
    {
        public readonly long[] Keys = new long[286];
        public readonly long[] SortTemp = new long[286];
        public readonly long[] Weight = new long[2 * 286];
        public readonly int[] Parent = new int[2 * 286];
        public readonly int[] Depth = new int[2 * 286];
        public readonly int[] BitCount = new int[16];
    }
}
