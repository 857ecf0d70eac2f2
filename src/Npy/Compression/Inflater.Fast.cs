using System.Runtime.CompilerServices;

namespace Npy.Compression;

/// <content>The hot loop: whole symbols while input and output both have room for the largest.</content>
internal sealed unsafe partial class Inflater
{
    // Output room for one iteration: two literals, a 258-element match, and the 15 bytes a vector copy may run past it.
    private const int FastOutputMargin = 2 + 258 + 16 + 8;

    // Input room for one iteration: two 8-byte refills, each advancing at most 7 bytes.
    private const int FastInputMargin = 16;

    // What one iteration of the hot loop found (Iterate).
    private const int Continue = 0;
    private const int BlockEnd = 1;
    private const int InvalidLiteralLength = 2;
    private const int InvalidDistance = 3;
    private const int DistanceTooFarBack = 4;

    // Decodes until the block ends (returns true), or until input or output lacks room for another iteration (returns
    // false, the caller takes the careful path for one symbol).
    private bool DecodeFast<T>(ref T* opRef, T* output, T* end)
        where T : unmanaged
    {
        T* op = opRef;
        T* outputLimit = end - FastOutputMargin;
        byte* ip = _input + _inputPosition;
        byte* inputLimit = _input + _inputEnd - FastInputMargin;
        ulong bits = _bits;
        int count = _bitCount;
        uint* literalLengths = _literalLengths;
        uint* distances = _distances;
        int status = Continue;
        while (op <= outputLimit && ip <= inputLimit)
        {
            status = Iterate(ref op, output, ref ip, ref bits, ref count, literalLengths, distances);
            if (status != Continue)
            {
                break;
            }
        }

        opRef = op;
        Store(ip, bits, count, endOfBlock: false);
        ThrowIfInvalid(status);
        return status == BlockEnd;
    }

    // Throws for an Iterate status that names a fault in the data.
    private void ThrowIfInvalid(int status)
    {
        if (status > BlockEnd)
        {
            throw Corrupt(status switch
            {
                InvalidLiteralLength => "invalid literal/length code",
                InvalidDistance => "invalid distance code",
                _ => "invalid distance too far back",
            });
        }
    }

    // One iteration of the hot loop: up to three literals, or one match. Returns Continue, BlockEnd, or what is wrong
    // with the data (the caller stores its state first, then throws: a pair's other decoder must stay exact). The
    // caller has checked the margins. Kept inline so that the state stays in registers, in DecodeFast and in
    // DecodeFastPair alike; no exception handler around it, which would keep that state in memory.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Iterate<T>(ref T* op, T* output, ref byte* ip, ref ulong bits, ref int count, uint* literalLengths, uint* distances)
        where T : unmanaged
    {
        const ulong LiteralMask = (1UL << InflateTable.LiteralLengthBits) - 1;
        const ulong DistanceMask = (1UL << InflateTable.DistanceBits) - 1;

        // Refill to 56–63 bits: load 8 bytes, advance by the whole bytes that fit.
        bits |= *(ulong*)ip << count;
        ip += (63 - count) >> 3;
        count |= 56;

        uint entry = literalLengths[bits & LiteralMask];
        if ((int)entry < 0)
        {
            // Up to three literals per refill: each code is at most 15 bits.
            bits >>= (int)entry;
            count -= (int)(entry & 15);
            *op++ = Element<T>((byte)(entry >> 16));
            entry = literalLengths[bits & LiteralMask];
            if ((int)entry < 0)
            {
                bits >>= (int)entry;
                count -= (int)(entry & 15);
                *op++ = Element<T>((byte)(entry >> 16));
                entry = literalLengths[bits & LiteralMask];
                if ((int)entry < 0)
                {
                    bits >>= (int)entry;
                    count -= (int)(entry & 15);
                    *op++ = Element<T>((byte)(entry >> 16));
                    return Continue;
                }
            }

            // The entry stays valid: a refill only adds bits above the count.
            bits |= *(ulong*)ip << count;
            ip += (63 - count) >> 3;
            count |= 56;
        }

        if ((entry & InflateTable.Exceptional) != 0)
        {
            if ((entry & InflateTable.Subtable) != 0)
            {
                bits >>= InflateTable.LiteralLengthBits;
                count -= InflateTable.LiteralLengthBits;
                entry = literalLengths[(entry >> 16) + (bits & ((1UL << (int)((entry >> 8) & 15)) - 1))];
                if ((int)entry < 0)
                {
                    bits >>= (int)entry;
                    count -= (int)(entry & 15);
                    *op++ = Element<T>((byte)(entry >> 16));
                    return Continue;
                }
            }

            if ((entry & InflateTable.EndOfBlock) != 0)
            {
                bits >>= (int)entry;
                count -= (int)(entry & 15);
                return BlockEnd;
            }

            if ((entry & InflateTable.Invalid) != 0)
            {
                return InvalidLiteralLength;
            }
        }

        // A length (code, extra bits), then a distance: at most 15 + 5 + 15 + 13 bits, within one refill.
        int codeBits = (int)(entry & 15);
        int extraBits = (int)((entry >> 8) & 15);
        int length = (int)((entry >> 16) & 0x7FFF) + (int)((bits >> codeBits) & ((1UL << extraBits) - 1));
        bits >>= codeBits + extraBits;
        count -= codeBits + extraBits;

        uint distanceEntry = distances[bits & DistanceMask];
        if ((distanceEntry & InflateTable.Exceptional) != 0)
        {
            if ((distanceEntry & InflateTable.Subtable) != 0)
            {
                bits >>= InflateTable.DistanceBits;
                count -= InflateTable.DistanceBits;
                distanceEntry = distances[(distanceEntry >> 16) + (bits & ((1UL << (int)((distanceEntry >> 8) & 15)) - 1))];
            }

            if ((distanceEntry & InflateTable.Invalid) != 0)
            {
                return InvalidDistance;
            }
        }

        codeBits = (int)(distanceEntry & 15);
        extraBits = (int)((distanceEntry >> 8) & 15);
        int distance = (int)((distanceEntry >> 16) & 0x7FFF) + (int)((bits >> codeBits) & ((1UL << extraBits) - 1));
        bits >>= codeBits + extraBits;
        count -= codeBits + extraBits;

        if (distance > op - output)
        {
            if (typeof(T) == typeof(OutputByte) && distance > _totalOut + (op - output))
            {
                return DistanceTooFarBack;
            }

            op = CopyFar(op, output, distance, length);
            return Continue;
        }

        T* from = op - distance;
        T* to = op + length;
        if (distance * sizeof(T) >= 16)
        {
            // Each 16 bytes read lie wholly before the bytes they are written to, so overlapping matches copy
            // correctly. (Two words rather than a vector: ReadyToRun does not precompile this method with one.)
            byte* target = (byte*)op;
            byte* source = (byte*)from;
            do
            {
                *(ulong*)target = *(ulong*)source;
                *(ulong*)(target + 8) = *(ulong*)(source + 8);
                target += 16;
                source += 16;
            }
            while (target < (byte*)to);
        }
        else if (distance * sizeof(T) >= 8)
        {
            byte* target = (byte*)op;
            byte* source = (byte*)from;
            do
            {
                *(ulong*)target = *(ulong*)source;
                target += 8;
                source += 8;
            }
            while (target < (byte*)to);
        }
        else if (sizeof(T) == 1 && distance == 1)
        {
            ulong pattern = *(byte*)from * 0x0101_0101_0101_0101UL;
            byte* target = (byte*)op;
            do
            {
                *(ulong*)target = pattern;
                target += 8;
            }
            while (target < (byte*)to);
        }
        else
        {
            // A short period: copy the first 8 bytes one by one, then whole words from a multiple of the period
            // at least 8 back (the output repeats with that period).
            int head = Math.Min(length, 8 / sizeof(T));
            for (int i = 0; i < head; i++)
            {
                *op++ = *from++;
            }

            if (op < to)
            {
                int stride = distance * ((8 / sizeof(T) + distance - 1) / distance);
                byte* target = (byte*)op;
                byte* source = (byte*)(op - stride);
                do
                {
                    *(ulong*)target = *(ulong*)source;
                    target += 8;
                    source += 8;
                }
                while (target < (byte*)to);
            }
        }

        op = to;
        return Continue;
    }
}
