namespace Npy.Compression;

/// <summary>
/// The LZ77 symbols of one deflate block and what it takes to code them: the symbols are collected, then the block is
/// written as whichever of a dynamic Huffman, fixed Huffman or stored block is smallest (RFC 1951 §3.2.3–3.2.7).
/// </summary>
/// <remarks>One instance per thread and encoder: it holds every table, so writing a block allocates nothing.</remarks>
internal sealed class DeflateBlock
{
    private const int EndOfBlock = 256;

    private static readonly byte[] s_literalExtraBits = BuildLiteralExtraBits();

    // Literal byte or match length, and match distance (0 for a literal), per symbol.
    private readonly ushort[] _lit;
    private readonly ushort[] _dist;
    private readonly int[] _litFreq = new int[286];
    private readonly int[] _distFreq = new int[30];
    private readonly int[] _codeLengthFreq = new int[19];
    private readonly byte[] _litLen = new byte[288];
    private readonly byte[] _distLen = new byte[30];
    private readonly byte[] _codeLengthLen = new byte[19];
    private readonly ushort[] _litCode = new ushort[288];
    private readonly ushort[] _distCode = new ushort[30];
    private readonly ushort[] _codeLengthCode = new ushort[19];
    private readonly byte[] _allLengths = new byte[316];
    private readonly byte[] _runSymbol = new byte[316];
    private readonly byte[] _runExtra = new byte[316];
    private readonly HuffmanBuilder.Buffers _scratch = new();

    /// <summary>Creates a block that holds up to <paramref name="capacity"/> symbols.</summary>
    public DeflateBlock(int capacity)
    {
        _lit = new ushort[capacity];
        _dist = new ushort[capacity];
    }

    /// <summary>Gets the number of symbols collected.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the number of symbols the block holds.</summary>
    public int Capacity => _lit.Length;

    /// <summary>Forgets the collected symbols.</summary>
    public void Reset()
    {
        Count = 0;
        Array.Clear(_litFreq);
        Array.Clear(_distFreq);
    }

    /// <summary>Appends a literal byte.</summary>
    public void AddLiteral(byte value)
    {
        int i = Count++;
        _lit[i] = value;
        _dist[i] = 0;
        _litFreq[value]++;
    }

    /// <summary>Appends a match of 3–258 bytes at distance 1–32768.</summary>
    public void AddMatch(int length, int distance)
    {
        int i = Count++;
        _lit[i] = (ushort)length;
        _dist[i] = (ushort)distance;
        _litFreq[257 + DeflateSymbols.LengthCode(length)]++;
        _distFreq[DeflateSymbols.DistanceCode(distance)]++;
    }

    /// <summary>
    /// Writes the collected symbols, which encode <paramref name="input"/>, as one block (a stored one split at 65,535
    /// bytes); returns false, writing nothing, when it would not leave <paramref name="reserve"/> bytes of
    /// <paramref name="capacity"/>.
    /// </summary>
    /// <param name="bits">The stream being written.</param>
    /// <param name="input">The bytes the symbols encode, for a stored block.</param>
    /// <param name="final">Whether the block ends the deflate stream.</param>
    /// <param name="capacity">The size of the span <paramref name="bits"/> writes into.</param>
    /// <param name="reserve">The bytes to keep free after the block (the caller's trailer and the bit writer's word).</param>
    public bool Write(ref BitWriter bits, ReadOnlySpan<byte> input, bool final, int capacity, int reserve)
    {
        _litFreq[EndOfBlock]++;
        try
        {
            return WriteBlock(ref bits, input, final, capacity - reserve);
        }
        finally
        {
            _litFreq[EndOfBlock]--;
        }
    }

    private bool WriteBlock(ref BitWriter bits, ReadOnlySpan<byte> input, bool final, int limit)
    {
        HuffmanBuilder.Build(_litFreq, 286, 15, _litLen, _scratch);
        HuffmanBuilder.Build(_distFreq, 30, 15, _distLen, _scratch);
        int hlit = 286;
        while (hlit > 257 && _litLen[hlit - 1] == 0)
        {
            hlit--;
        }

        int hdist = 30;
        while (hdist > 1 && _distLen[hdist - 1] == 0)
        {
            hdist--;
        }

        // The code-length sequence, run-length coded (16: repeat previous 3-6, 17: zeros 3-10, 18: zeros 11-138).
        Span<byte> lengths = _allLengths.AsSpan(0, hlit + hdist);
        _litLen.AsSpan(0, hlit).CopyTo(lengths);
        _distLen.AsSpan(0, hdist).CopyTo(lengths[hlit..]);
        int runs = RunLengths(lengths, _runSymbol, _runExtra);
        Array.Clear(_codeLengthFreq);
        for (int i = 0; i < runs; i++)
        {
            _codeLengthFreq[_runSymbol[i]]++;
        }

        HuffmanBuilder.Build(_codeLengthFreq, 19, 7, _codeLengthLen, _scratch);
        int hclen = 19;
        while (hclen > 4 && _codeLengthLen[DeflateSymbols.CodeLengthOrder[hclen - 1]] == 0)
        {
            hclen--;
        }

        long dynamicBits = 3 + 5 + 5 + 4 + (3L * hclen);
        for (int i = 0; i < runs; i++)
        {
            int s = _runSymbol[i];
            dynamicBits += _codeLengthLen[s] + (s == 16 ? 2 : s == 17 ? 3 : s == 18 ? 7 : 0);
        }

        long fixedBits = 3;
        var litExtra = s_literalExtraBits;
        ReadOnlySpan<byte> fixedLit = DeflateSymbols.FixedLiteralLengths;
        for (int s = 0; s < 286; s++)
        {
            // Branch-free: unused symbols add nothing.
            long freq = _litFreq[s];
            dynamicBits += freq * (_litLen[s] + litExtra[s]);
            fixedBits += freq * (fixedLit[s] + litExtra[s]);
        }

        for (int s = 0; s < 30; s++)
        {
            long freq = _distFreq[s];
            dynamicBits += freq * (_distLen[s] + DeflateSymbols.DistanceExtraBits(s));
            fixedBits += freq * (5 + DeflateSymbols.DistanceExtraBits(s));
        }

        // Sizes from the current bit position: a stored block pads to a byte, then 4 bytes of lengths per 65,535 bytes.
        long storedBlocks = Math.Max(1, (input.Length + DeflateChunkEncoder.MaxStoredBlock - 1) / DeflateChunkEncoder.MaxStoredBlock);
        long storedBytes = input.Length + (5 * storedBlocks);
        long dynamicBytes = (dynamicBits + 7) / 8;
        long fixedBytes = (fixedBits + 7) / 8;
        if (storedBytes <= dynamicBytes && storedBytes <= fixedBytes)
        {
            if (bits.Position + storedBytes + 1 > limit)
            {
                return false;
            }

            WriteStored(ref bits, input, final);
            return true;
        }

        if (bits.Position + Math.Min(dynamicBytes, fixedBytes) + 1 > limit)
        {
            return false;
        }

        int finalBit = final ? 1 : 0;
        int literalCodes = 286;
        if (fixedBytes <= dynamicBytes)
        {
            bits.Write(0b010 | finalBit, 3);
            DeflateSymbols.FixedLiteralLengths.CopyTo(_litLen);
            Internal.ByteFill.Fill(_distLen, 5);
            literalCodes = 288;
        }
        else
        {
            bits.Write(0b100 | finalBit, 3);
            bits.Write(hlit - 257, 5);
            bits.Write(hdist - 1, 5);
            bits.Write(hclen - 4, 4);
            HuffmanBuilder.Codes(_codeLengthLen, 19, _codeLengthCode);
            for (int i = 0; i < hclen; i++)
            {
                bits.Write(_codeLengthLen[DeflateSymbols.CodeLengthOrder[i]], 3);
            }

            for (int i = 0; i < runs; i++)
            {
                int s = _runSymbol[i];
                bits.Write(_codeLengthCode[s], _codeLengthLen[s]);
                if (s >= 16)
                {
                    bits.Write(_runExtra[i], s == 16 ? 2 : s == 17 ? 3 : 7);
                }
            }
        }

        HuffmanBuilder.Codes(_litLen, literalCodes, _litCode);
        HuffmanBuilder.Codes(_distLen, 30, _distCode);
        WriteSymbols(ref bits);
        bits.Write(_litCode[EndOfBlock], _litLen[EndOfBlock]);
        return true;
    }

    private void WriteSymbols(ref BitWriter bits)
    {
        var lit = _lit;
        var dist = _dist;
        var litCode = _litCode;
        var litLen = _litLen;
        for (int i = 0; i < Count; i++)
        {
            int distance = dist[i];
            if (distance == 0)
            {
                int literal = lit[i];
                bits.Write(litCode[literal], litLen[literal]);
                continue;
            }

            int length = lit[i];
            int lengthCode = DeflateSymbols.LengthCode(length);
            bits.Write(litCode[257 + lengthCode], litLen[257 + lengthCode]);
            int lengthExtra = DeflateSymbols.LengthExtraBits(lengthCode);
            if (lengthExtra > 0)
            {
                bits.Write(length - DeflateSymbols.LengthBase(lengthCode), lengthExtra);
            }

            int distanceCode = DeflateSymbols.DistanceCode(distance);
            bits.Write(_distCode[distanceCode], _distLen[distanceCode]);
            int distanceExtra = DeflateSymbols.DistanceExtraBits(distanceCode);
            if (distanceExtra > 0)
            {
                bits.Write(distance - DeflateSymbols.DistanceBase(distanceCode), distanceExtra);
            }
        }
    }

    /// <summary>Ends a non-last segment as zlib's sync flush does: an empty stored block, so the segment ends on a byte boundary with <c>00 00 FF FF</c>.</summary>
    public static void WriteSyncFlush(ref BitWriter bits) => WriteStored(ref bits, [], final: false);

    // Stored blocks of at most 65,535 bytes each (one empty block for an empty input); only the last may carry the
    // final bit.
    private static void WriteStored(ref BitWriter bits, ReadOnlySpan<byte> input, bool final)
    {
        int consumed = 0;
        do
        {
            int block = Math.Min(DeflateChunkEncoder.MaxStoredBlock, input.Length - consumed);
            bits.Write(final && consumed + block == input.Length ? 1 : 0, 3);
            bits.AlignToByte();

            // LEN and NLEN: 32 bits from a byte boundary, so the writer is on one again before the copy.
            bits.Write(block, 16);
            bits.Write(~block & 0xFFFF, 16);
            bits.WriteBytes(input.Slice(consumed, block));
            consumed += block;
        }
        while (consumed < input.Length);
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
}
