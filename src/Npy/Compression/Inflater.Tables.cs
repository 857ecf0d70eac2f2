using System.Runtime.CompilerServices;

namespace Npy.Compression;

/// <content>The memory a decoder works in: its code tables and window, reused per thread; the fixed code's tables.</content>
internal sealed unsafe partial class Inflater
{
    /// <summary>Code tables (pinned, read through pointers in the hot loop) and the 32 KiB window of one decoder.</summary>
    private sealed class Tables
    {
        // Two sets per thread are kept for the next decoders: chunks of a member are decoded one after another, or
        // two at a time (ReadPair).
        [ThreadStatic]
        private static Tables? t_spare;

        [ThreadStatic]
        private static Tables? t_secondSpare;

        private readonly uint[] _literalLengths = GC.AllocateUninitializedArray<uint>(InflateTable.LiteralLengthSize, pinned: true);
        private readonly uint[] _distances = GC.AllocateUninitializedArray<uint>(InflateTable.DistanceSize, pinned: true);
        private readonly uint[] _codeLengths = GC.AllocateUninitializedArray<uint>(InflateTable.CodeLengthSize, pinned: true);

        public uint* LiteralLengths => (uint*)Unsafe.AsPointer(ref _literalLengths[0]);

        public uint* Distances => (uint*)Unsafe.AsPointer(ref _distances[0]);

        public uint* CodeLengths => (uint*)Unsafe.AsPointer(ref _codeLengths[0]);

        public byte[] Window { get; } = new byte[WindowSize];

        public static Tables Rent()
        {
            Tables? spare = t_spare ?? t_secondSpare;
            if (ReferenceEquals(spare, t_spare))
            {
                t_spare = null;
            }
            else
            {
                t_secondSpare = null;
            }

            return spare ?? new Tables();
        }

        public static void Return(Tables tables)
        {
            if (t_spare is null)
            {
                t_spare = tables;
            }
            else
            {
                t_secondSpare = tables;
            }
        }
    }

    /// <summary>The tables of the fixed code (RFC 1951 §3.2.6), built once.</summary>
    private static class FixedTables
    {
        private static readonly uint[] s_literalLengths = Build(288, InflateTable.LiteralLengthSize, InflateTable.LiteralLengthBits, InflateTable.LiteralLengthEntries);
        private static readonly uint[] s_distances = Build(32, InflateTable.DistanceSize, InflateTable.DistanceBits, InflateTable.DistanceEntries);

        public static uint* LiteralLengths => (uint*)Unsafe.AsPointer(ref s_literalLengths[0]);

        public static uint* Distances => (uint*)Unsafe.AsPointer(ref s_distances[0]);

        // All 288 literal/length and 32 distance codes exist, so both codes are complete; the symbols deflate does not
        // use (286, 287; 30, 31) decode to invalid entries.
        private static uint[] Build(int symbols, int size, int bits, ReadOnlySpan<uint> entries)
        {
            Span<byte> lengths = stackalloc byte[symbols];
            if (symbols == 288)
            {
                DeflateSymbols.FixedLiteralLengths.CopyTo(lengths);
            }
            else
            {
                lengths.Fill(5);
            }

            uint[] table = GC.AllocateUninitializedArray<uint>(size, pinned: true);
            InflateTable.Build(lengths, table, bits, entries);
            return table;
        }
    }
}
