namespace Npy.Tests.Compression;

/// <summary>Deflate streams written bit by bit: the shapes zlib accepts only narrowly, and the ones it refuses.</summary>
internal static class HandMadeStreams
{
    /// <summary>Each stream with what zlib makes of it: the bytes it decodes to, or null when zlib refuses it.</summary>
    public static IEnumerable<(string Name, byte[] Stream, string? Decoded)> All()
    {
        yield return ("single one-bit distance code", SingleDistanceCode(), "aaaa");
        yield return ("only an end-of-block code", OnlyEndOfBlock(), "");
        yield return ("empty code-length code", EmptyCodeLengthCode(259), null);
        yield return ("empty code-length code, truncated", EmptyCodeLengthCode(100), "");
        yield return ("incomplete literal/length code", IncompleteLiteralCode(), null);
        yield return ("repeat without a previous length", RepeatFirst(), null);
        yield return ("too many literal/length symbols", TooManySymbols(), null);
        yield return ("distance too far back", Fixed(b => { Literal(b, 'a'); Match(b, lengthCode: 0, distanceSymbol: 1); }), null);
        yield return ("literal/length symbol 286", Fixed(b => b.Code(0b11000110, 8)), null);
        yield return ("distance symbol 30", Fixed(b => { Literal(b, 'a'); Literal(b, 'a'); Match(b, lengthCode: 0, distanceSymbol: 30); }), null);
        yield return ("fixed block with matches", Fixed(b => { Literal(b, 'a'); Literal(b, 'b'); Match(b, lengthCode: 0, distanceSymbol: 1); Match(b, lengthCode: 28, distanceSymbol: 0); }), "ababa" + new string('a', 258));
        yield return ("block type 3", new Bits().Add(1, 1).Add(3, 2).ToArray(), null);
        yield return ("stored lengths that disagree", new Bits().Add(1, 1).Add(0, 2).Align().Add(5, 16).Add(0, 16).ToArray(), null);
        yield return ("stored block cut short", [.. new Bits().Add(1, 1).Add(0, 2).Align().Add(100, 16).Add(~100 & 0xFFFF, 16).ToArray(), .. "0123456789"u8], "0123456789");
        yield return ("no final block", [.. new Bits().Add(0, 1).Add(0, 2).Align().Add(3, 16).Add(~3 & 0xFFFF, 16).ToArray(), .. "abc"u8], "abc");
    }

    // Literal/length lengths 'a' 2, end-of-block 2, length 3 (symbol 257) 1; one distance code of length 1 (distance 1):
    // zlib accepts this incomplete distance code. Decodes to "aaaa".
    private static byte[] SingleDistanceCode()
    {
        // Code-length code: 0 -> 00, 1 -> 01, 2 -> 10, 18 -> 11.
        var b = DynamicHeader(literalCodes: 258, distanceCodes: 1, [(18, 2), (0, 2), (1, 2), (2, 2)]);
        Zeros(b, 97, 0b11, 2);
        b.Code(0b10, 2); // 'a': 2
        Zeros(b, 158, 0b11, 2);
        b.Code(0b10, 2).Code(0b01, 2); // 256: 2, 257: 1
        b.Code(0b01, 2); // distance 0: 1
        b.Code(0b10, 2); // 'a'
        b.Code(0b0, 1).Code(0b0, 1); // length 3, distance 1
        b.Code(0b11, 2); // end of block
        return b.ToArray();
    }

    // Only the end-of-block code, one bit long, and no distance code at all: an empty block.
    private static byte[] OnlyEndOfBlock()
    {
        // Code-length code: 18 -> 0, 0 -> 10, 1 -> 11.
        var b = DynamicHeader(literalCodes: 257, distanceCodes: 1, [(18, 1), (0, 2), (1, 2)]);
        Zeros(b, 256, 0b0, 1);
        b.Code(0b11, 2).Code(0b10, 2); // 256: 1, distance 0: 0
        b.Code(0b0, 1);
        return b.ToArray();
    }

    private static byte[] EmptyCodeLengthCode(int zeroBits)
    {
        var b = new Bits().Add(1, 1).Add(2, 2).Add(1, 5).Add(0, 5).Add(0, 4).Add(0, 12);
        for (int i = 0; i < zeroBits; i++)
        {
            b.Add(0, 1);
        }

        return b.ToArray();
    }

    // Two literal codes of length 2 cover half of the code space.
    private static byte[] IncompleteLiteralCode()
    {
        var b = DynamicHeader(literalCodes: 257, distanceCodes: 1, [(18, 2), (0, 2), (2, 2), (1, 2)]);
        Zeros(b, 97, 0b11, 2);
        b.Code(0b10, 2); // 'a': 2
        Zeros(b, 158, 0b11, 2);
        b.Code(0b10, 2).Code(0b00, 2); // 256: 2, distance 0: 0
        b.Code(0b00, 2);
        return b.ToArray();
    }

    private static byte[] RepeatFirst()
    {
        var b = DynamicHeader(literalCodes: 257, distanceCodes: 1, [(16, 2), (0, 2), (1, 2), (2, 2)]);
        b.Code(0b11, 2).Add(0, 2);
        return b.ToArray();
    }

    private static byte[] TooManySymbols() => new Bits().Add(1, 1).Add(2, 2).Add(30, 5).Add(0, 5).Add(0, 4).Add(0, 64).ToArray();

    private static byte[] Fixed(Action<Bits> body)
    {
        var b = new Bits().Add(1, 1).Add(1, 2);
        body(b);
        b.Code(0, 7); // end of block
        return b.ToArray();
    }

    private static void Literal(Bits b, char c) => b.Code(0x30 + c, 8);

    private static void Match(Bits b, int lengthCode, int distanceSymbol)
    {
        // Symbols 256-279 have 7-bit codes from 0, 280-287 8-bit codes from 0b11000000.
        int symbol = 257 + lengthCode;
        if (symbol < 280)
        {
            b.Code(symbol - 256, 7);
        }
        else
        {
            b.Code(0b11000000 + symbol - 280, 8);
        }

        if (lengthCode is >= 8 and < 28)
        {
            b.Add(0, (lengthCode / 4) - 1);
        }

        b.Code(distanceSymbol, 5);
        if (distanceSymbol >= 4 && distanceSymbol < 30)
        {
            b.Add(0, (distanceSymbol / 2) - 1);
        }
    }

    // A final dynamic block's header with the given code-length code (symbol, length), codes assigned canonically.
    private static Bits DynamicHeader(int literalCodes, int distanceCodes, (int Symbol, int Length)[] codeLengthCode)
    {
        ReadOnlySpan<int> order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
        var lengths = new int[19];
        foreach ((int symbol, int length) in codeLengthCode)
        {
            lengths[symbol] = length;
        }

        int count = 19;
        while (count > 4 && lengths[order[count - 1]] == 0)
        {
            count--;
        }

        var b = new Bits().Add(1, 1).Add(2, 2).Add(literalCodes - 257, 5).Add(distanceCodes - 1, 5).Add(count - 4, 4);
        for (int i = 0; i < count; i++)
        {
            b.Add(lengths[order[i]], 3);
        }

        return b;
    }

    // Zero lengths for `count` symbols with code-length symbol 18 (whose code is given), 11–138 at a time.
    private static void Zeros(Bits b, int count, int code18, int length18)
    {
        while (count > 0)
        {
            int run = Math.Min(138, count);
            if (count - run is > 0 and < 11)
            {
                run = count - 11;
            }

            b.Code(code18, length18).Add(run - 11, 7);
            count -= run;
        }
    }

    /// <summary>Bits, least significant first; Huffman codes most significant bit first.</summary>
    private sealed class Bits
    {
        private readonly List<bool> _bits = [];

        public Bits Add(int value, int count)
        {
            for (int i = 0; i < count; i++)
            {
                _bits.Add(((value >> i) & 1) != 0);
            }

            return this;
        }

        public Bits Code(int code, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _bits.Add(((code >> i) & 1) != 0);
            }

            return this;
        }

        public Bits Align()
        {
            while (_bits.Count % 8 != 0)
            {
                _bits.Add(false);
            }

            return this;
        }

        public byte[] ToArray()
        {
            var bytes = new byte[(_bits.Count + 7) / 8];
            for (int i = 0; i < _bits.Count; i++)
            {
                if (_bits[i])
                {
                    bytes[i / 8] |= (byte)(1 << (i % 8));
                }
            }

            return bytes;
        }
    }
}
