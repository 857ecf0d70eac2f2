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

        private readonly byte[] _literalLengths = AllocatePinned(InflateTable.LiteralLengthSize);
        private readonly byte[] _distances = AllocatePinned(InflateTable.DistanceSize);
        private readonly byte[] _codeLengths = AllocatePinned(InflateTable.CodeLengthSize);

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
        private static readonly byte[] s_literalLengths = Build(288, InflateTable.LiteralLengthSize, InflateTable.LiteralLengthBits, InflateTable.LiteralLengthEntries);
        private static readonly byte[] s_distances = Build(32, InflateTable.DistanceSize, InflateTable.DistanceBits, InflateTable.DistanceEntries);

        public static uint* LiteralLengths => (uint*)Unsafe.AsPointer(ref s_literalLengths[0]);

        public static uint* Distances => (uint*)Unsafe.AsPointer(ref s_distances[0]);

        // All 288 literal/length and 32 distance codes exist, so both codes are complete; the symbols deflate does not
        // use (286, 287; 30, 31) decode to invalid entries.
        private static byte[] Build(int symbols, int size, int bits, ReadOnlySpan<uint> entries)
        {
            Span<byte> lengths = stackalloc byte[symbols];
            if (symbols == 288)
            {
                DeflateSymbols.FixedLiteralLengths.CopyTo(lengths);
            }
            else
            {
                Internal.ByteFill.Fill(lengths, 5);
            }

            byte[] table = AllocatePinned(size);
            InflateTable.Build(lengths, new Span<uint>(Unsafe.AsPointer(ref table[0]), size), bits, entries);
            return table;
        }
    }

    // Tables of uint entries kept as pinned bytes: CoreLib's ReadyToRun image holds GC.AllocateUninitializedArray<byte>
    // but not <uint>, which a fresh process would otherwise compile at run time (0.5 ms) before its first block.
    private static byte[] AllocatePinned(int entries) => GC.AllocateUninitializedArray<byte>(entries * sizeof(uint), pinned: true);
}
