namespace Npy.Compression;

/// <summary>Decodes a small raw deflate stream (RFC 1951) in managed code, or declines so that zlib decides.</summary>
/// <remarks>
/// <para>
/// Setting up zlib's decoder costs more than decoding a member of a few hundred bytes (native state and a 32 KiB window
/// per stream), which dominates archives of thousands of tiny members. This decoder allocates nothing.
/// </para>
/// <para>
/// It is deliberately narrower than zlib: it succeeds only when the stream decodes to exactly the expected number of
/// bytes, ends with its final block in its last byte, and uses only complete Huffman codes. Everything else (any
/// error, incomplete codes that zlib tolerates, bytes after the final block, too much or too little output) returns
/// <see langword="false"/>, and the caller decodes the member with zlib, which produces the data or the error. So a
/// stream it accepts is one zlib accepts too, with the same bytes.
/// </para>
/// </remarks>
internal static class SmallInflater
{
    private const int FastBits = 9;
    private const int MaxBits = 15;

    private static ReadOnlySpan<ushort> LengthBase => [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];

    private static ReadOnlySpan<byte> LengthExtra => [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

    private static ReadOnlySpan<ushort> DistanceBase =>
        [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];

    private static ReadOnlySpan<byte> DistanceExtra => [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

    // The order in which code length code lengths are sent.
    private static ReadOnlySpan<byte> CodeLengthOrder => [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    // The fixed code of RFC 1951 3.2.6, built once.
    private static readonly ushort[] s_fixedLiteralFast = new ushort[1 << FastBits];
    private static readonly short[] s_fixedLiteralCount = new short[MaxBits + 1];
    private static readonly short[] s_fixedLiteralSymbol = new short[288];
    private static readonly ushort[] s_fixedDistanceFast = new ushort[1 << FastBits];
    private static readonly short[] s_fixedDistanceCount = new short[MaxBits + 1];
    private static readonly short[] s_fixedDistanceSymbol = new short[32];
    private static readonly bool s_fixedBuilt = BuildFixed();

    /// <summary>Tries to inflate <paramref name="input"/> into exactly <paramref name="output"/>.</summary>
    /// <returns>False when the stream is not one this decoder vouches for; <paramref name="output"/> is then undefined.</returns>
    public static bool TryInflate(ReadOnlySpan<byte> input, Span<byte> output)
    {
        // Scoped: the reader then lives no longer than the stack tables it is passed along with.
        scoped var bits = new BitReader(input);
        Span<ushort> literalFast = stackalloc ushort[1 << FastBits];
        Span<short> literalCount = stackalloc short[MaxBits + 1];
        Span<short> literalSymbol = stackalloc short[288];
        Span<ushort> distanceFast = stackalloc ushort[1 << FastBits];
        Span<short> distanceCount = stackalloc short[MaxBits + 1];
        Span<short> distanceSymbol = stackalloc short[32];
        Span<byte> lengths = stackalloc byte[288 + 32];
        Span<ushort> codeLengthFast = stackalloc ushort[1 << FastBits];
        Span<short> codeLengthCount = stackalloc short[MaxBits + 1];
        Span<short> codeLengthSymbol = stackalloc short[19];
        var literals = new Huffman(literalFast, literalCount, literalSymbol);
        var distances = new Huffman(distanceFast, distanceCount, distanceSymbol);
        var codeLengths = new Huffman(codeLengthFast, codeLengthCount, codeLengthSymbol);
        scoped var fixedLiterals = new Huffman(s_fixedLiteralFast, s_fixedLiteralCount, s_fixedLiteralSymbol);
        scoped var fixedDistances = new Huffman(s_fixedDistanceFast, s_fixedDistanceCount, s_fixedDistanceSymbol);
        int written = 0;
        bool final;
        do
        {
            if (!bits.TryTake(3, out int header))
            {
                return false;
            }

            final = (header & 1) != 0;
            bool ok = (header >> 1) switch
            {
                0 => Stored(ref bits, output, ref written),
                1 => s_fixedBuilt && Codes(ref bits, ref fixedLiterals, ref fixedDistances, output, ref written),
                2 => DynamicTables(ref bits, lengths, ref codeLengths, ref literals, ref distances) && Codes(ref bits, ref literals, ref distances, output, ref written),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        while (!final);

        return written == output.Length && bits.EndsInLastByte;
    }

    private static bool Stored(ref BitReader bits, Span<byte> output, ref int written)
    {
        bits.AlignToByte();
        if (!bits.TryTake(16, out int length) || !bits.TryTake(16, out int complement) || length != (~complement & 0xFFFF)
            || length > output.Length - written)
        {
            return false;
        }

        if (!bits.TryCopyBytes(output.Slice(written, length)))
        {
            return false;
        }

        written += length;
        return true;
    }

    private static bool BuildFixed()
    {
        Span<byte> lengths = stackalloc byte[288 + 32];
        var literals = new Huffman(s_fixedLiteralFast, s_fixedLiteralCount, s_fixedLiteralSymbol);
        var distances = new Huffman(s_fixedDistanceFast, s_fixedDistanceCount, s_fixedDistanceSymbol);

        // RFC 1951 3.2.6; all 288 literal/length and 32 distance codes, so both sets are complete (286, 287, 30 and 31
        // are refused when decoded, as zlib does).
        lengths[..144].Fill(8);
        lengths[144..256].Fill(9);
        lengths[256..280].Fill(7);
        lengths[280..288].Fill(8);
        lengths[288..320].Fill(5);
        return literals.TryBuild(lengths[..288]) && distances.TryBuild(lengths[288..320]);
    }

    private static bool DynamicTables(ref BitReader bits, Span<byte> lengths, ref Huffman codeLengths, ref Huffman literals, ref Huffman distances)
    {
        if (!bits.TryTake(5, out int literalCount) || !bits.TryTake(5, out int distanceCount) || !bits.TryTake(4, out int codeLengthCount))
        {
            return false;
        }

        literalCount += 257;
        distanceCount += 1;
        codeLengthCount += 4;
        if (literalCount > 286 || distanceCount > 30)
        {
            return false;
        }

        Span<byte> codeLengthLengths = stackalloc byte[19];
        codeLengthLengths.Clear();
        for (int i = 0; i < codeLengthCount; i++)
        {
            if (!bits.TryTake(3, out int value))
            {
                return false;
            }

            codeLengthLengths[CodeLengthOrder[i]] = (byte)value;
        }

        if (!codeLengths.TryBuild(codeLengthLengths))
        {
            return false;
        }

        int total = literalCount + distanceCount;
        int index = 0;
        while (index < total)
        {
            int sym = codeLengths.Decode(ref bits);
            if (sym < 0)
            {
                return false;
            }

            if (sym < 16)
            {
                lengths[index++] = (byte)sym;
                continue;
            }

            byte repeated = 0;
            int times;
            if (sym == 16)
            {
                if (index == 0 || !bits.TryTake(2, out times))
                {
                    return false;
                }

                repeated = lengths[index - 1];
                times += 3;
            }
            else if (sym == 17)
            {
                if (!bits.TryTake(3, out times))
                {
                    return false;
                }

                times += 3;
            }
            else
            {
                if (!bits.TryTake(7, out times))
                {
                    return false;
                }

                times += 11;
            }

            if (times > total - index)
            {
                return false;
            }

            lengths.Slice(index, times).Fill(repeated);
            index += times;
        }

        // A block must be able to end.
        return lengths[256] != 0
            && literals.TryBuild(lengths[..literalCount])
            && distances.TryBuild(lengths.Slice(literalCount, distanceCount));
    }

    private static bool Codes(ref BitReader bits, ref Huffman literals, ref Huffman distances, Span<byte> output, ref int written)
    {
        while (true)
        {
            int sym = literals.Decode(ref bits);
            if (sym < 256)
            {
                if (sym < 0 || written == output.Length)
                {
                    return false;
                }

                output[written++] = (byte)sym;
                continue;
            }

            if (sym == 256)
            {
                return true;
            }

            sym -= 257;
            if (sym >= 29 || !bits.TryTake(LengthExtra[sym], out int extra))
            {
                return false;
            }

            int length = LengthBase[sym] + extra;
            int dsym = distances.Decode(ref bits);
            if (dsym is < 0 or >= 30 || !bits.TryTake(DistanceExtra[dsym], out extra))
            {
                return false;
            }

            int distance = DistanceBase[dsym] + extra;
            if (distance > written || length > output.Length - written)
            {
                return false;
            }

            // Byte by byte: source and destination overlap when the distance is shorter than the length.
            for (int i = 0; i < length; i++)
            {
                output[written] = output[written - distance];
                written++;
            }
        }
    }

    /// <summary>A canonical Huffman code: a table for codes up to <see cref="FastBits"/> bits, counts and sorted symbols for the rest.</summary>
    private ref struct Huffman(Span<ushort> fast, Span<short> count, Span<short> symbol)
    {
        private readonly Span<ushort> _fast = fast;
        private readonly Span<short> _count = count;
        private readonly Span<short> _symbol = symbol;

        /// <summary>Builds the code for the given lengths; false if the set is over-subscribed or incomplete.</summary>
        public readonly bool TryBuild(ReadOnlySpan<byte> lengths)
        {
            _count.Clear();
            foreach (byte length in lengths)
            {
                _count[length]++;
            }

            _count[0] = 0;
            int left = 1;
            for (int len = 1; len <= MaxBits; len++)
            {
                left = (left << 1) - _count[len];
                if (left < 0)
                {
                    return false;
                }
            }

            if (left != 0)
            {
                return false;
            }

            Span<short> offsets = stackalloc short[MaxBits + 2];
            offsets[1] = 0;
            for (int len = 1; len <= MaxBits; len++)
            {
                offsets[len + 1] = (short)(offsets[len] + _count[len]);
            }

            for (int sym = 0; sym < lengths.Length; sym++)
            {
                if (lengths[sym] != 0)
                {
                    _symbol[offsets[lengths[sym]]++] = (short)sym;
                }
            }

            // Codes are assigned in (length, symbol) order and sent first bit = most significant; the table is indexed
            // by the next FastBits bits as read (least significant first), so each code fills every slot ending in it.
            _fast.Clear();
            int code = 0;
            int index = 0;
            for (int len = 1; len <= FastBits; len++)
            {
                for (int k = 0; k < _count[len]; k++)
                {
                    int reversed = Reverse(code, len);
                    ushort entry = (ushort)((_symbol[index] << 4) | len);
                    for (int slot = reversed; slot < _fast.Length; slot += 1 << len)
                    {
                        _fast[slot] = entry;
                    }

                    code++;
                    index++;
                }

                code <<= 1;
            }

            return true;
        }

        /// <summary>Decodes one symbol, or returns -1 when the input ends first.</summary>
        public readonly int Decode(ref BitReader bits)
        {
            bits.Refill();
            ushort entry = _fast[(int)(bits.Peek & ((1u << FastBits) - 1))];
            if (entry != 0)
            {
                int length = entry & 15;
                return bits.TryDrop(length) ? entry >> 4 : -1;
            }

            // Longer than FastBits: walk the canonical code one bit at a time.
            ulong peek = bits.Peek;
            int code = 0;
            int first = 0;
            int index = 0;
            for (int len = 1; len <= MaxBits; len++)
            {
                code |= (int)(peek & 1);
                peek >>= 1;
                int count = _count[len];
                // Unsigned: a code below the first of its length is not one of them (it cannot occur in a complete code).
                if ((uint)(code - first) < (uint)count)
                {
                    return bits.TryDrop(len) ? _symbol[index + code - first] : -1;
                }

                index += count;
                first = (first + count) << 1;
                code <<= 1;
            }

            return -1;
        }

        private static int Reverse(int code, int length)
        {
            int result = 0;
            for (int i = 0; i < length; i++)
            {
                result = (result << 1) | (code & 1);
                code >>= 1;
            }

            return result;
        }
    }

    /// <summary>Reads bits least significant first, as deflate packs them.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> input)
    {
        private readonly ReadOnlySpan<byte> _input = input;
        private int _position;
        private ulong _buffer;
        private int _count;

        public readonly ulong Peek => _buffer;

        /// <summary>Gets whether everything read so far ends within the last input byte (no bytes follow the stream).</summary>
        public readonly bool EndsInLastByte => ((((long)_position * 8) - _count + 7) / 8) == _input.Length;

        public void Refill()
        {
            while (_count <= 56 && _position < _input.Length)
            {
                _buffer |= (ulong)_input[_position++] << _count;
                _count += 8;
            }
        }

        public bool TryDrop(int n)
        {
            if (n > _count)
            {
                return false;
            }

            _buffer >>= n;
            _count -= n;
            return true;
        }

        public bool TryTake(int n, out int value)
        {
            if (n > _count)
            {
                Refill();
                if (n > _count)
                {
                    value = 0;
                    return false;
                }
            }

            value = (int)(_buffer & ((1UL << n) - 1));
            _buffer >>= n;
            _count -= n;
            return true;
        }

        public void AlignToByte()
        {
            int partial = _count & 7;
            _buffer >>= partial;
            _count -= partial;
        }

        /// <summary>Copies whole bytes, first those already in the bit buffer (the reader is byte-aligned here).</summary>
        public bool TryCopyBytes(Span<byte> destination)
        {
            int i = 0;
            while (i < destination.Length && _count >= 8)
            {
                destination[i++] = (byte)_buffer;
                _buffer >>= 8;
                _count -= 8;
            }

            int rest = destination.Length - i;
            if (rest > _input.Length - _position)
            {
                return false;
            }

            _input.Slice(_position, rest).CopyTo(destination[i..]);
            _position += rest;
            return true;
        }
    }
}
