using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Npy.Compression;

/// <summary>Decode tables for the canonical Huffman codes of a deflate block (RFC 1951 §3.2.2), as <see cref="Inflater"/> reads them.</summary>
/// <remarks>
/// <para>
/// A table is indexed by the next <c>tableBits</c> bits of input, least significant first (deflate sends Huffman codes
/// most significant bit first, so a code fills every slot whose low bits are its reversed bits). A code longer than
/// <c>tableBits</c> leads through a pointer entry to a subtable indexed by the following bits. Slots no code reaches
/// hold <see cref="Invalid"/>.
/// </para>
/// <para>
/// Entry layout: bits 0–3 the code length to drop (for a pointer: the main table's bits; bits 4–5 stay zero, so a
/// 64-bit shift by the entry itself drops the code), bits 8–11 the number of extra bits that follow the code (for a
/// pointer: the subtable's index bits), bits 12–14 the kind flags below, bits 16–30 the value (literal byte, length
/// or distance base, subtable offset), bit 31 set for a literal so that the hot loop tests it by sign.
/// </para>
/// </remarks>
internal static class InflateTable
{
    /// <summary>Set on literal entries (sign bit).</summary>
    public const uint Literal = 0x8000_0000;

    /// <summary>Set on the end-of-block entry.</summary>
    public const uint EndOfBlock = 0x1000;

    /// <summary>Set on an entry that points to a subtable.</summary>
    public const uint Subtable = 0x2000;

    /// <summary>An input no code of the table matches.</summary>
    /// <remarks>Unused slots say one bit, as zlib's do, so a decoder reports them only once that bit has arrived.</remarks>
    public const uint Invalid = 0x4000;

    /// <summary>Any of the entries the hot loop does not handle inline: end of block, subtable pointer, invalid.</summary>
    public const uint Exceptional = EndOfBlock | Subtable | Invalid;

    /// <summary>Bits of the literal/length main table: every code of a typical block fits, the table stays in L1.</summary>
    public const int LiteralLengthBits = 11;

    /// <summary>Bits of the distance main table.</summary>
    public const int DistanceBits = 8;

    /// <summary>Bits of the code-length table (code-length codes are at most 7 bits long, so it has no subtables).</summary>
    public const int CodeLengthBits = 7;

    /// <summary>Entries a literal/length table can need: the main table and, at most, one 16-entry subtable per symbol.</summary>
    public const int LiteralLengthSize = (1 << LiteralLengthBits) + (288 << (15 - LiteralLengthBits));

    /// <summary>Entries a distance table can need.</summary>
    public const int DistanceSize = (1 << DistanceBits) + (32 << (15 - DistanceBits));

    /// <summary>Entries of the code-length table.</summary>
    public const int CodeLengthSize = 1 << CodeLengthBits;

    private const int MaxCodeLength = 15;

    /// <summary>What building a table found.</summary>
    public enum Result
    {
        /// <summary>The code is complete.</summary>
        Ok,

        /// <summary>A single code of length 1: incomplete, but zlib accepts it for literal/length and distance codes.</summary>
        Single,

        /// <summary>No symbol has a code; every slot is invalid.</summary>
        Empty,

        /// <summary>More codes than the lengths allow (over-subscribed).</summary>
        OverSubscribed,

        /// <summary>Fewer codes than the lengths allow, in a shape zlib refuses.</summary>
        Incomplete,
    }

    /// <summary>The entry of each literal/length symbol (0–287) without its code length.</summary>
    public static ReadOnlySpan<uint> LiteralLengthEntries => s_literalLengthEntries;

    /// <summary>The entry of each distance symbol (0–31) without its code length.</summary>
    public static ReadOnlySpan<uint> DistanceEntries => s_distanceEntries;

    /// <summary>The entry of each code-length symbol (0–18): its value only.</summary>
    public static ReadOnlySpan<uint> CodeLengthEntries => s_codeLengthEntries;

    private static readonly uint[] s_literalLengthEntries = MakeEntries(288, symbol => symbol switch
    {
        < 256 => Literal | ((uint)symbol << 16),
        256 => EndOfBlock,
        <= 285 => ((uint)DeflateSymbols.LengthBase(symbol - 257) << 16) | ((uint)DeflateSymbols.LengthExtraBits(symbol - 257) << 8),
        _ => Invalid,
    });

    private static readonly uint[] s_distanceEntries = MakeEntries(32, symbol => symbol < 30
        ? ((uint)DeflateSymbols.DistanceBase(symbol) << 16) | ((uint)DeflateSymbols.DistanceExtraBits(symbol) << 8)
        : Invalid);

    private static readonly uint[] s_codeLengthEntries = MakeEntries(19, symbol => (uint)symbol << 16);

    /// <summary>Builds the table of the code with the given lengths (0 = symbol unused).</summary>
    /// <param name="lengths">Code length per symbol, at most 15 each.</param>
    /// <param name="table">Destination; at least the main table plus room for subtables.</param>
    /// <param name="tableBits">Index bits of the main table.</param>
    /// <param name="entries">The entry of each symbol without its code length.</param>
    public static Result Build(ReadOnlySpan<byte> lengths, Span<uint> table, int tableBits, ReadOnlySpan<uint> entries)
    {
        Span<int> count = stackalloc int[MaxCodeLength + 1];
        int maxLength = 0;
        foreach (byte length in lengths)
        {
            count[length]++;
            maxLength = Math.Max(maxLength, length);
        }

        int mainSize = 1 << tableBits;
        FillInvalid(table[..mainSize]);
        if (maxLength == 0)
        {
            return Result.Empty;
        }

        // Kraft: each length halves what is left; going negative means over-subscribed, ending positive incomplete.
        count[0] = 0;
        int left = 1;
        for (int length = 1; length <= MaxCodeLength; length++)
        {
            left = (left << 1) - count[length];
            if (left < 0)
            {
                return Result.OverSubscribed;
            }
        }

        // zlib accepts one incomplete shape: a single code of length 1 (its other bit pattern is then invalid).
        if (left > 0 && maxLength != 1)
        {
            return Result.Incomplete;
        }

        Result result = left > 0 ? Result.Single : Result.Ok;

        // The canonical codes, bit-reversed as deflate sends them (the encoder's own computation).
        Span<ushort> codes = stackalloc ushort[lengths.Length];
        HuffmanBuilder.Codes(lengths, lengths.Length, codes);
        int subBits = Math.Max(0, maxLength - tableBits);
        int nextSubtable = mainSize;
        for (int symbol = 0; symbol < lengths.Length; symbol++)
        {
            int length = lengths[symbol];
            if (length == 0)
            {
                continue;
            }

            int reversed = codes[symbol];
            uint value = entries[symbol];
            if (length <= tableBits)
            {
                Fill(table[..mainSize], reversed, length, value | (uint)length);
                continue;
            }

            // Longer than the main table: the low tableBits bits pick a subtable, the rest index into it.
            int prefix = reversed & (mainSize - 1);
            if ((table[prefix] & Subtable) == 0)
            {
                table[prefix] = Subtable | ((uint)nextSubtable << 16) | ((uint)subBits << 8) | (uint)tableBits;
                FillInvalid(table.Slice(nextSubtable, 1 << subBits));
                nextSubtable += 1 << subBits;
            }

            int rest = length - tableBits;
            Fill(table.Slice((int)(table[prefix] >> 16), 1 << subBits), reversed >> tableBits, rest, value | (uint)rest);
        }

        return result;
    }

    private static uint[] MakeEntries(int count, Func<int, uint> entry)
    {
        var entries = new uint[count];
        for (int symbol = 0; symbol < count; symbol++)
        {
            entries[symbol] = entry(symbol);
        }

        return entries;
    }

    // Four slots per store rather than Span<uint>.Fill, whose uint instantiation ReadyToRun images lack: a fresh process
    // would compile it at run time (0.5 ms) before its first dynamic block. Vector128, not one slot at a time: every
    // dynamic block clears 2,304 slots here.
    private static void FillInvalid(Span<uint> slots)
    {
        ref uint start = ref MemoryMarshal.GetReference(slots);
        var invalid = Vector128.Create(Invalid | 1);
        int i = 0;
        for (; i + 4 <= slots.Length; i += 4)
        {
            invalid.StoreUnsafe(ref start, (nuint)i);
        }

        for (; i < slots.Length; i++)
        {
            Unsafe.Add(ref start, i) = Invalid | 1;
        }
    }

    // A code of `length` bits matches every slot whose low `length` bits are the code.
    private static void Fill(Span<uint> slots, int reversed, int length, uint value)
    {
        for (int slot = reversed; slot < slots.Length; slot += 1 << length)
        {
            slots[slot] = value;
        }
    }
}
