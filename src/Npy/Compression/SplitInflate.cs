using System.Buffers;
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Npy.Internal;

namespace Npy.Compression;

/// <summary>Inflates one long deflate stream on two cores, by decoding a later part of it speculatively on the second.</summary>
/// <remarks>
/// <para>
/// A deflate stream has no index: where a block starts and what its matches copy are known only by decoding what came
/// before, so zlib decodes one stream on one core. This works in rounds. While the main decoder works through the
/// stream, a second core looks for a block start further on (<see cref="Inflater.IsDynamicBlockStart"/>) and decodes
/// from there into a buffer of 16-bit symbols, without the 32 KiB of output before it: bytes that matches copy from
/// there are recorded as markers. When the main decoder reaches exactly that bit at a block boundary, the guess is
/// confirmed: the main decoder resolves the segment's last 32 KiB (markers read the bytes now known), continues from
/// where the speculative decoder stopped, and the second core resolves the rest of the segment into the destination
/// before it speculates again. A guess the main decoder does not confirm is discarded, so the output never depends on
/// it; errors surface from the main decoder in stream order, exactly as decoding on one core raises them.
/// </para>
/// <para>
/// Where the stream is long enough, the second core decodes two consecutive segments per round, together on that
/// core (<see cref="Inflater.DecodeSymbolsPair"/>: two symbol chains keep one core busier than one): the first from a
/// block start it found, stopping at a second block start found further on, the second from there. The second
/// segment counts only if the first stopped exactly at its start, and only once the first is confirmed.
/// </para>
/// <para>
/// The main decoder's share of each round follows the two cores' measured times. Memory: two buffers of
/// <see cref="SegmentSymbols"/> 16-bit symbols (16 MiB each) and a 256 KiB search window, whatever the stream's size.
/// </para>
/// </remarks>
internal static class SplitInflate
{
    /// <summary>Streams shorter than this decode on one core: a round's fixed costs would not pay.</summary>
    public const int MinimumLength = 32 << 20;

    /// <summary>What the second core decodes per round, by default.</summary>
    public const int SegmentSymbols = 8 << 20;

    // Where the second segment of a round is looked for, as a share of what fills the first one's buffer at the
    // stream's ratio: the first stops there, and it has room to spare where the ratio runs higher.
    private const double SecondSegmentStart = 0.9;

    // How far past a guessed offset a block start is looked for; zlib's blocks are far shorter.
    private const int SearchBytes = 256 << 10;

    // Output the main decoder must have produced before a marker can always be resolved from the destination.
    private const int WindowSize = 32 << 10;

    // The main decoder's first lead, in segments, when the other core's first round decodes two: that round also maps
    // the fresh buffers, and a lead of one segment left the main core idle for 15–20 ms of W2's first round (then
    // 5–8 ms of the second, while the measured times caught up). Steady rounds settle at 2.5–3 segments.
    private const double TwoSegmentFirstLead = 2.5;

    // Rounds without a confirmed segment (no block start found, as in a run of stored blocks, or a guess the main
    // decoder did not confirm) after which the rest of the stream is decoded on one core.
    private const int MaxMisses = 4;

    // Streams compressed more than this decode on one core: they inflate at several GB/s, and their segments are
    // almost all markers (long matches copy them along), which makes resolving them cost as much as decoding.
    private const int MaxRatio = 8;

    /// <summary>Tells whether a stream of these sizes is worth decoding on two cores.</summary>
    public static bool Pays(long uncompressedLength, long compressedLength) =>
        Environment.ProcessorCount > 1 && uncompressedLength >= MinimumLength && uncompressedLength <= MaxRatio * compressedLength;

    /// <summary>Inflates the rest of a stream into <paramref name="destination"/>, which it fills exactly or throws.</summary>
    /// <param name="inflater">The decoder, positioned where the destination's bytes start.</param>
    /// <param name="openAt">Opens the compressed bytes from a byte offset to the stream's end.</param>
    /// <param name="compressedLength">The stream's compressed length.</param>
    /// <param name="destination">Where the output goes; its pages are mapped just before they are written.</param>
    /// <param name="name">The member name, for errors.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="segmentSymbols">Symbols the second core decodes per round.</param>
    /// <returns>
    /// The decoder at the end of the destination, for the caller's check that nothing follows (disposed by the caller,
    /// as is <paramref name="inflater"/>), how many segments the second core decoded, and the CRC-32 of the
    /// destination (each part hashed by the core that wrote it, right after writing it).
    /// </returns>
    public static SplitResult Inflate(
        Inflater inflater,
        Func<long, Stream> openAt,
        long compressedLength,
        Memory<byte> destination,
        string name,
        CancellationToken cancellationToken,
        int segmentSymbols = SegmentSymbols)
    {
        var writer = new Writer(destination, name, cancellationToken);
        var buffers = new SymbolBuffer?[2];
        Task<Round>? helper = null;
        Unresolved[] unresolved = NoneUnresolved;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The compressed bytes the main decoder covers while the other core resolves and decodes: from the stream's
        // ratio at first (more when the first round decodes two segments), then scaled by how long each side took in
        // the last round. A second segment is looked for where the first would fill most of its buffer.
        double bytesPerSymbol = (double)compressedLength / Math.Max(1, destination.Length);
        double firstLead = destination.Length > 3L * segmentSymbols ? TwoSegmentFirstLead : 1;
        long lead = Math.Max(1, (long)(firstLead * segmentSymbols * bytesPerSymbol));
        long secondGap = Math.Max(1, (long)(SecondSegmentStart * segmentSymbols * bytesPerSymbol));
        int misses = 0;
        int segments = 0;
        Inflater current = inflater;
        try
        {
            // Markers are resolved from the destination: speculate only once a window's worth of it is written.
            current.StopAt = long.MaxValue;
            writer.DecodeUntilStop(current, WindowSize);
            while (true)
            {
                long from = (current.BitPosition / 8) + lead;
                long remaining = destination.Length - writer.Position;
                bool speculate = misses < MaxMisses && from + SearchBytes < compressedLength && remaining > 2L * segmentSymbols;
                long second = speculate && from + secondGap + SearchBytes < compressedLength && remaining > 3L * segmentSymbols ? from + secondGap : -1;
                if (speculate || unresolved.Length > 0)
                {
                    var fresh = new bool[2];
                    for (int i = 0; i < (second >= 0 ? 2 : speculate ? 1 : 0); i++)
                    {
                        fresh[i] = buffers[i] is null;
                        buffers[i] ??= new SymbolBuffer(segmentSymbols);
                    }

                    helper = StartRound(buffers, fresh, unresolved, speculate ? from : -1, second, openAt, compressedLength, destination, cancel.Token);
                }

                current.StopAt = speculate ? 8 * from : long.MaxValue;
                long mainStart = Stopwatch.GetTimestamp();
                writer.DecodeUntilStop(current);
                TimeSpan mainTime = Stopwatch.GetElapsedTime(mainStart);
                if (helper is null)
                {
                    break;
                }

                (Speculation? guess, Speculation? next) = Finish(ref helper, current.Stopped, writer);
                unresolved = NoneUnresolved;
                if (!current.Stopped)
                {
                    // The stream or the destination ended (or the data is short): nothing further to speculate on.
                    misses = MaxMisses;
                }

                if (guess is null)
                {
                    next?.Dispose();
                    misses += speculate ? 1 : 0;
                    continue;
                }

                // Decode up to the guessed start: it is confirmed only if a block boundary falls exactly there.
                current.StopAt = guess.StartBit;
                writer.DecodeUntilStop(current);
                if (!current.Stopped || current.BitPosition != guess.StartBit || !writer.Fits(guess.Length, guess.Final))
                {
                    guess.Dispose();
                    next?.Dispose();
                    misses++;
                    continue;
                }

                // The second segment starts exactly where the first one stopped (the other core checked that); it
                // counts if it fits too.
                Speculation last = guess;
                Unresolved head = Accept(guess, 0, buffers, writer, destination.Span);
                segments++;
                if (next is not null && writer.Fits(next.Length, next.Final))
                {
                    last = next;
                    unresolved = [head, Accept(next, 1, buffers, writer, destination.Span)];
                    segments++;
                }
                else
                {
                    next?.Dispose();
                    unresolved = [head];
                }

                double slower = Math.Clamp(guess.HelperTime.TotalSeconds / Math.Max(mainTime.TotalSeconds, 1e-4), 0.5, 2);
                lead = Math.Max(1, (long)(lead * slower));
                Inflater following = last.Final
                    ? last.TakeDecoder()
                    : new Inflater(openAt(last.EndBit / 8), leaveOpen: false, last.EndBit / 8, (int)(last.EndBit % 8));
                if (!ReferenceEquals(last, guess))
                {
                    guess.Dispose();
                }

                last.Dispose();
                if (!ReferenceEquals(current, inflater))
                {
                    current.Dispose();
                }

                current = following;
                if (last.Final)
                {
                    break;
                }

                current.Preset(destination.Span[..writer.Position]);
            }

            foreach (Unresolved left in unresolved)
            {
                FreshPages.Map(destination.Span.Slice(left.At, left.Count));
                Resolve(buffers[left.Buffer]!, 0, left.Count, destination.Span, left.At);
                writer.Hashed(left.At, left.Count);
            }
        }
        catch
        {
            cancel.Cancel();
            (Speculation? guess, Speculation? next) = Finish(ref helper, stopped: false, writer: null);
            guess?.Dispose();
            next?.Dispose();
            if (!ReferenceEquals(current, inflater))
            {
                current.Dispose();
            }

            throw;
        }

        writer.ExpectFull();
        return new SplitResult(current, segments, writer.Crc());
    }

    // Moves the writer past a confirmed segment held in buffer `index`: the main decoder resolves its last 32 KiB,
    // which is all it needs to go on; the rest is left to the other core (returned).
    private static Unresolved Accept(Speculation guess, int index, SymbolBuffer?[] buffers, Writer writer, Span<byte> destination)
    {
        int at = writer.Position;
        int tail = Math.Min(WindowSize, guess.Length);
        writer.Skip(guess.Length, tail);
        Resolve(buffers[index]!, guess.Length - tail, tail, destination, at);
        writer.Hashed(at + guess.Length - tail, tail);
        return new Unresolved(index, at, guess.Length - tail);
    }

    // The other core's part of a round: resolve and hash the heads of the last confirmed segments (if any), then,
    // unless `from` is negative, find a block start at or after byte `from` and decode a segment from there; with
    // `second` too, a second segment from a block start at or after that byte, decoded together with the first, which
    // stops there. All timed. On a helper thread (W2's load 115 -> 108 ms, W6's 390 -> 364 ms against the thread
    // pool). A fresh segment buffer has its pages mapped here first (16 MiB of page faults would otherwise slow the
    // first round).
    private static unsafe Task<Round> StartRound(
        SymbolBuffer?[] buffers,
        bool[] fresh,
        Unresolved[] heads,
        long from,
        long second,
        Func<long, Stream> openAt,
        long compressedLength,
        Memory<byte> destination,
        CancellationToken cancellationToken) =>
        Task.Factory.StartNew(
            () =>
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < fresh.Length; i++)
                {
                    if (fresh[i])
                    {
                        FreshPages.Prepare(buffers[i]!.Symbols, (long)buffers[i]!.Length * sizeof(ushort), map: true);
                    }
                }

                var headCrcs = new uint[heads.Length];
                for (int i = 0; i < heads.Length; i++)
                {
                    Span<byte> target = destination.Span.Slice(heads[i].At, heads[i].Count);
                    FreshPages.Map(target);
                    Resolve(buffers[heads[i].Buffer]!, 0, heads[i].Count, destination.Span, heads[i].At);
                    headCrcs[i] = Crc32.HashToUInt32(target);
                }

                (Speculation? Guess, Speculation? Next) guesses = (null, null);
                try
                {
                    guesses = from < 0 ? guesses
                        : second >= 0 ? SpeculateTwo(openAt, from, second, compressedLength, buffers, cancellationToken)
                        : (Speculate(openAt, from, compressedLength, buffers[0]!, cancellationToken), null);
                }
                catch (Exception ex) when (ex is OperationCanceledException or InvalidDataException or NpyInvalidDataException or IOException)
                {
                    // A failed guess is no guess; the heads' hashes still count.
                }

                guesses.Guess?.Took(Stopwatch.GetElapsedTime(start));
                return new Round(heads, headCrcs, guesses.Guess, guesses.Next);
            },
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            Internal.HelperThreads.Scheduler);

    // Waits for the other core's round and records the hashes of the heads it resolved; the guesses count only if the
    // main decoder stopped where it asked to (else they are dropped).
    private static (Speculation? Guess, Speculation? Next) Finish(ref Task<Round>? round, bool stopped, Writer? writer)
    {
        if (round is null)
        {
            return (null, null);
        }

        Round result;
        try
        {
            result = round.GetAwaiter().GetResult();
        }
        finally
        {
            round = null;
        }

        for (int i = 0; i < result.Heads.Length; i++)
        {
            writer?.Hashed(result.Heads[i].At, result.Heads[i].Count, result.HeadCrcs[i]);
        }

        if (!stopped)
        {
            result.Guess?.Dispose();
            result.Next?.Dispose();
            return (null, null);
        }

        return (result.Guess, result.Next);
    }

    /// <summary>What the other core did in a round: the segment heads it resolved and their CRC-32s, and its guesses.</summary>
    private sealed record Round(Unresolved[] Heads, uint[] HeadCrcs, Speculation? Guess, Speculation? Next);

    /// <summary>The outcome of <see cref="Inflate"/>: the decoder at the end of the destination, the segments the second core decoded and the CRC-32 of the destination.</summary>
    /// <remarks>A struct of this assembly's own: a value tuple holding a class would be compiled at run time in a ReadyToRun build.</remarks>
    public readonly record struct SplitResult(Inflater Decoder, int Segments, uint Crc);

    /// <summary>The part of a confirmed segment (in segment buffer <c>Buffer</c>) still to be resolved into the destination at <c>At</c>.</summary>
    private readonly record struct Unresolved(int Buffer, int At, int Count);

    /// <summary>
    /// A buffer of 16-bit symbols for one speculative segment: pinned bytes viewed as symbols. A pinned symbol array
    /// would be allocated by a generic method that a ReadyToRun build compiles at run time, inside the load.
    /// </summary>
    private sealed unsafe class SymbolBuffer
    {
        private readonly byte[] _storage;

        public SymbolBuffer(int length)
        {
            _storage = GC.AllocateUninitializedArray<byte>(checked(length * sizeof(ushort)), pinned: true);
            Symbols = (ushort*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_storage));
            Length = length;
        }

        public ushort* Symbols { get; }

        public int Length { get; }

        public Span<ushort> Span => new(Symbols, Length);
    }

    // An empty list of its own rather than [] (Array.Empty<Unresolved>), which a ReadyToRun process compiles at run time.
#pragma warning disable CA1825 // The point is not to call Array.Empty<Unresolved>.
    private static readonly Unresolved[] NoneUnresolved = new Unresolved[0];
#pragma warning restore CA1825

    // Finds a block start at or after byte `from` (past bit `after`, when given) and decodes from it into `segment`,
    // trying the next candidate while one does not decode even a block; null if none is found.
    private static Speculation? Speculate(Func<long, Stream> openAt, long from, long compressedLength, SymbolBuffer segment, CancellationToken cancellationToken, long after = -1)
    {
        using var window = SearchWindow.Read(openAt, from, compressedLength);
        long bit = after;
        while ((bit = window.FindBlockStart(bit + 1, cancellationToken)) >= 0)
        {
            var decoder = new Inflater(openAt(bit / 8), leaveOpen: false, bit / 8, (int)(bit % 8));
            int produced;
            try
            {
                produced = decoder.DecodeSymbols(segment.Span);
            }
            catch (InvalidDataException)
            {
                produced = -1;
            }

            if (Segment(decoder, bit, produced) is { } guess)
            {
                return guess;
            }
        }

        return null;
    }

    // Two consecutive segments decoded together (two chains on this core): the first from a block start at or after
    // byte `from`, decoded until it reaches the block start found at or after byte `second`, the second from there.
    // The second is kept only if the first stopped exactly at its start.
    private static (Speculation? Guess, Speculation? Next) SpeculateTwo(
        Func<long, Stream> openAt, long from, long second, long compressedLength, SymbolBuffer?[] buffers, CancellationToken cancellationToken)
    {
        long firstBit;
        using (var window = SearchWindow.Read(openAt, from, compressedLength))
        {
            firstBit = window.FindBlockStart(0, cancellationToken);
        }

        long secondBit = -1;
        if (firstBit >= 0)
        {
            using var window = SearchWindow.Read(openAt, second, compressedLength);
            secondBit = window.FindBlockStart(0, cancellationToken);
        }

        if (secondBit <= firstBit)
        {
            return (firstBit < 0 ? null : Speculate(openAt, from, compressedLength, buffers[0]!, cancellationToken, firstBit - 1), null);
        }

        var a = new Inflater(openAt(firstBit / 8), leaveOpen: false, firstBit / 8, (int)(firstBit % 8)) { StopAt = secondBit };
        var b = new Inflater(openAt(secondBit / 8), leaveOpen: false, secondBit / 8, (int)(secondBit % 8));
        (int producedA, int producedB) = Inflater.DecodeSymbolsPair(a, buffers[0]!.Span, b, buffers[1]!.Span);
        bool chained = producedA >= 0 && a.Stopped && a.BitPosition == secondBit;
        if (Segment(a, firstBit, producedA) is not { } guess)
        {
            // A false first start (rare: the probe is strict): look on past it, one segment only.
            b.Dispose();
            return (Speculate(openAt, from, compressedLength, buffers[0]!, cancellationToken, firstBit), null);
        }

        if (!chained)
        {
            b.Dispose();
            return (guess, null);
        }

        return (guess, Segment(b, secondBit, producedB));
    }

    /// <summary>The compressed bytes from byte <c>From</c> on (up to <see cref="SearchBytes"/>) in which a block start is looked for, read once.</summary>
    private readonly struct SearchWindow(long from, byte[] bytes, int length) : IDisposable
    {
        public static SearchWindow Read(Func<long, Stream> openAt, long from, long compressedLength)
        {
            int length = (int)Math.Max(0, Math.Min(SearchBytes, compressedLength - from));
            byte[] bytes = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
            if (length > 0)
            {
                using Stream source = openAt(from);
                source.ReadExactly(bytes, 0, length);
            }

            return new SearchWindow(from, bytes, length);
        }

        // Returns the first stream bit at or after `start` (a bit of the whole stream) in this window where a dynamic
        // block could start, or -1.
        public long FindBlockStart(long start, CancellationToken cancellationToken)
        {
            for (long bit = Math.Max(0, start - (8 * from)); bit < 8L * length; bit++)
            {
                if ((bit & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (Inflater.IsDynamicBlockStart(bytes.AsSpan(0, length), bit))
                {
                    return (8 * from) + bit;
                }
            }

            return -1;
        }

        public void Dispose() => ArrayPool<byte>.Shared.Return(bytes);
    }

    // The segment a decoder produced from a candidate start (`produced` symbols, -1 if it met invalid data): its whole
    // blocks (those before invalid data too: the main decoder meets that data itself), or, if it reached the stream's
    // end, all of it with its decoder kept; null (the decoder disposed) when not even one block decoded.
    private static Speculation? Segment(Inflater decoder, long start, int produced)
    {
        if (produced >= 0 && decoder.Finished)
        {
            return new Speculation(start, decoder.BitPosition, produced, decoder);
        }

        Speculation? guess = decoder.BoundaryOutput > 0
            ? new Speculation(start, decoder.BoundaryBit, decoder.BoundaryOutput, null)
            : null;
        decoder.Dispose();
        return guess;
    }

    /// <summary>A decoded segment: where it starts and ends in the stream, how many symbols it holds, and, if it reached the stream's end, its decoder.</summary>
    private sealed class Speculation(long startBit, long endBit, int length, Inflater? finalDecoder) : IDisposable
    {
        private Inflater? _finalDecoder = finalDecoder;

        public long StartBit { get; } = startBit;

        public long EndBit { get; } = endBit;

        public int Length { get; } = length;

        public bool Final => _finalDecoder is not null;

        // How long the other core's round took: resolving the previous segment, finding this one and decoding it.
        public TimeSpan HelperTime { get; private set; }

        public void Took(TimeSpan time) => HelperTime = time;

        public Inflater TakeDecoder()
        {
            Inflater decoder = _finalDecoder!;
            _finalDecoder = null;
            return decoder;
        }

        public void Dispose()
        {
            _finalDecoder?.Dispose();
            _finalDecoder = null;
        }
    }

    /// <summary>The destination side: how far the main decoder has written, pages mapped ahead of writes, and the CRC-32 of each part written.</summary>
    private sealed class Writer(Memory<byte> destination, string name, CancellationToken cancellationToken)
    {
        // Parts of the destination with their CRC-32, each hashed right after it was written (while in cache) by the
        // core that wrote it, kept in offset order and combined at the end. A plain array of this assembly's own struct
        // with loops of its own: lists, sorts and spans of it or of tuples are generic CoreLib code that would be
        // compiled at run time, inside the load.
        private Part[] _parts = new Part[512];
        private int _partCount;
        private int _mapped;

        public int Position { get; private set; }

        // Whether a segment of `length` fits; a final one must end the destination exactly (else decoding on one core
        // raises the right error).
        public bool Fits(int length, bool final) => final ? length == destination.Length - Position : length <= destination.Length - Position;

        // Decodes until the decoder stops, ends, or `limit` (or the whole destination) is written.
        public void DecodeUntilStop(Inflater inflater, int limit = int.MaxValue)
        {
            limit = Math.Min(limit, destination.Length);
            while (Position < limit)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int step = Math.Min(InflateHelper.CancellationStride, limit - Position);
                if (Position + step > _mapped)
                {
                    FreshPages.Map(destination.Span[_mapped..(Position + step)]);
                    _mapped = Position + step;
                }

                int read = InflateHelper.ReadSome(inflater, destination.Span.Slice(Position, step), name);
                if (read == 0)
                {
                    return;
                }

                Hashed(Position, read);
                Position += read;
            }
        }

        // Moves past a confirmed segment, mapping its tail (which the main decoder resolves); the rest is the other core's.
        public void Skip(int length, int tail)
        {
            FreshPages.Map(destination.Span.Slice(Position + length - tail, tail));
            Position += length;
            _mapped = Math.Max(_mapped, Position);
        }

        // Records a part just written, hashing it here, or with the CRC-32 the other core computed.
        public void Hashed(int offset, int length, uint? crc = null)
        {
            if (length == 0)
            {
                return;
            }

            if (_partCount == _parts.Length)
            {
                var larger = new Part[_parts.Length * 2];
                for (int i = 0; i < _partCount; i++)
                {
                    larger[i] = _parts[i];
                }

                _parts = larger;
            }

            // Parts arrive almost in order (a segment's head is hashed after what follows it): insert from the end.
            int at = _partCount++;
            for (; at > 0 && _parts[at - 1].Offset > offset; at--)
            {
                _parts[at] = _parts[at - 1];
            }

            _parts[at] = new Part(offset, length, crc ?? Crc32.HashToUInt32(destination.Span.Slice(offset, length)));
        }

        public void ExpectFull()
        {
            if (Position < destination.Length)
            {
                throw new NpzFormatException($"Unexpected end of compressed data in '{name}'.");
            }
        }

        // The CRC-32 of the whole destination, from its parts (which cover it exactly once, in some order).
        public uint Crc()
        {
            uint crc = 0;
            int end = 0;
            for (int i = 0; i < _partCount; i++)
            {
                Part part = _parts[i];
                if (part.Offset != end)
                {
                    throw new InvalidOperationException("The hashed parts do not cover the destination.");
                }

                crc = Crc32Combine.Combine(crc, part.Crc, part.Length);
                end += part.Length;
            }

            return end == destination.Length ? crc : throw new InvalidOperationException("The hashed parts do not cover the destination.");
        }
    }

    /// <summary>A part of the destination and its CRC-32.</summary>
    private readonly record struct Part(int Offset, int Length, uint Crc);

    // Writes symbols [from, from + count) of a segment that starts at destination offset `at`: literals as they are,
    // markers from the 32 KiB before `at`. Markers are most of the symbols in repetitive data (matches copy them
    // along), so those go through one table, the 256 byte values followed by that window, 32 at a time; runs without
    // markers are narrowed 32 at a time.
    private static unsafe void Resolve(SymbolBuffer segment, int from, int count, Span<byte> destination, int at)
    {
        if (count == 0)
        {
            return;
        }

        byte[] table = ArrayPool<byte>.Shared.Rent(Inflater.MarkerBase + WindowSize);
        try
        {
            for (int value = 0; value < Inflater.MarkerBase; value++)
            {
                table[value] = (byte)value;
            }

            destination.Slice(at - WindowSize, WindowSize).CopyTo(table.AsSpan(Inflater.MarkerBase));
            ushort* source = segment.Symbols + from;
            fixed (byte* output = &destination[at + from])
            fixed (byte* lookup = table)
            {
                int i = 0;
                while (i < count)
                {
                    int literals = NarrowLiterals(source + i, output + i, count - i);
                    int marked = Math.Min(count - i - literals, 32);
                    Lookup(source + i + literals, output + i + literals, marked, lookup);
                    i += literals + marked;
                }

            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(table);
        }
    }

    // Narrows 32 symbols at a time while none is a marker; returns how many were written. Compiled when first called
    // (ReadyToRun leaves vector code to the JIT) and optimised at once, as a run of literals is long.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int NarrowLiterals(ushort* symbols, byte* output, int count)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return 0;
        }

        var literalLimit = Vector256.Create((ushort)(Inflater.MarkerBase - 1));
        int i = 0;
        for (; i + 32 <= count; i += 32)
        {
            var low = Vector256.Load(symbols + i);
            var high = Vector256.Load(symbols + i + 16);
            if (Vector256.GreaterThanAny(low | high, literalLimit))
            {
                break;
            }

            Vector256.Narrow(low, high).Store(output + i);
        }

        return i;
    }

    // Symbols are below 256 + 32768 by construction (Inflater.DecodeSymbols), so the lookup stays inside the table.
    private static unsafe void Lookup(ushort* symbols, byte* output, int count, byte* table)
    {
        for (int k = 0; k < count; k++)
        {
            output[k] = table[symbols[k]];
        }
    }
}
