using System.Buffers.Binary;

namespace Npy.Compression;

/// <summary>
/// Estimates how repetitive data is for a deflater's match finder: the share of distinct 4-byte strings among those
/// starting at every byte of a few samples spread over the data.
/// </summary>
/// <remarks>
/// zlib hashes the next four bytes to find match candidates, so repeated 4-byte strings are what makes its hash chains
/// long. Near-random data (floats, noisy pixels) has almost no repeats: a share of 0.95–1.0. Data with structure has
/// many, even where deflate gains little from them: int64 values below 2^40 (three zero bytes in every element) 0.75–
/// 0.8, float32 rounded to three decimals 0.8–0.85, small integers in wide types almost none.
/// </remarks>
internal static class DistinctStrings
{
    /// <summary>How many samples are taken, evenly spread.</summary>
    public const int Samples = 4;

    /// <summary>The bytes in each sample.</summary>
    public const int SampleLength = 4096;

    // Open addressing for up to Samples * SampleLength strings at a load of at most one half. Each slot holds the call's
    // stamp in its high half and the string in its low half, so a slot from an earlier call reads as empty and the
    // table is never cleared.
    private const int TableBits = 15;

    [ThreadStatic]
    private static ulong[]? t_table;

    [ThreadStatic]
    private static uint t_stamp;

    /// <summary>Returns the share of distinct strings among the 4-byte strings of the samples (0 to 1).</summary>
    /// <param name="data">At least <see cref="Samples"/> × <see cref="SampleLength"/> bytes.</param>
    public static double Share(ReadOnlySpan<byte> data)
    {
        if (data.Length < Samples * SampleLength)
        {
            throw new ArgumentException("Too little data to sample.", nameof(data));
        }

        ulong[] table = t_table ??= new ulong[1 << TableBits];
        ulong stamp = (ulong)++t_stamp << 32;
        if (t_stamp == 0)
        {
            // After 2^32 calls the stamps come round again: start from an empty table.
            Array.Clear(table);
            stamp = (ulong)++t_stamp << 32;
        }

        int distinct = 0;
        int strings = 0;
        for (int s = 0; s < Samples; s++)
        {
            ReadOnlySpan<byte> sample = data.Slice((int)((long)data.Length * s / Samples), SampleLength);
            for (int i = 0; i + 4 <= sample.Length; i++)
            {
                uint value = BinaryPrimitives.ReadUInt32LittleEndian(sample[i..]);
                ulong entry = stamp | value;
                int slot = (int)((value * 2654435761u) >> (32 - TableBits));
                while (true)
                {
                    ulong held = table[slot];
                    if (held == entry)
                    {
                        break;
                    }

                    if ((held & 0xFFFF_FFFF_0000_0000UL) != stamp)
                    {
                        table[slot] = entry;
                        distinct++;
                        break;
                    }

                    slot = (slot + 1) & ((1 << TableBits) - 1);
                }

                strings++;
            }
        }

        return (double)distinct / strings;
    }
}
