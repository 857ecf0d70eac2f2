using System.Runtime.CompilerServices;

namespace Npy.Compression;

/// <content>
/// Two streams on one core. Each symbol's table lookup waits for the previous symbol's length to be shifted out, so
/// one decoder runs at the latency of that chain (about 470 M literals a second on this project's machines) while the
/// core could do twice the work; two independent streams decoded in one loop keep it busy. This is what makes
/// near-random data (float weights, images), which is nearly all literals, load faster than one decoder allows.
/// </content>
internal sealed unsafe partial class Inflater
{
    /// <summary>Gets whether this decoder raised an error about its data.</summary>
    public bool Faulted => _faulted;

    /// <summary>Decodes two streams at once, producing exactly what <c>a.Read(first)</c> and then <c>b.Read(second)</c> would.</summary>
    /// <remarks>
    /// Each span is filled unless its stream ends first. When both streams are corrupt, the first one's error is
    /// raised, as reading them one after the other would: the second one's error waits until the first has finished.
    /// </remarks>
    /// <returns>The number of bytes written into each span.</returns>
    public static (int First, int Second) ReadPair(Inflater a, Span<byte> first, Inflater b, Span<byte> second)
    {
        CheckPair(a, b);
        if (a._state is State.Done or State.Truncated)
        {
            first = default;
        }

        if (b._state is State.Done or State.Truncated)
        {
            second = default;
        }

        fixed (byte* firstStart = first)
        fixed (byte* secondStart = second)
        {
            var outputA = (OutputByte*)firstStart;
            var outputB = (OutputByte*)secondStart;
            OutputByte* opA = outputA;
            OutputByte* opB = outputB;
            try
            {
                DecodePair(a, outputA, ref opA, first.Length, b, outputB, ref opB, second.Length);
            }
            catch (InvalidDataException) when (b._faulted && !a._faulted)
            {
                // The second stream failed first: the first one's own error, if it has one, takes precedence.
                a.DecodeRange(outputA, opA, outputA + first.Length);
                throw;
            }

            int producedA = (int)(opA - outputA);
            int producedB = (int)(opB - outputB);
            a.KeepWindow(first[..producedA]);
            a._totalOut += producedA;
            b.KeepWindow(second[..producedB]);
            b._totalOut += producedB;
            return (producedA, producedB);
        }
    }

    /// <summary>Decodes two consecutive speculative segments at once, as <see cref="DecodeSymbols"/> would each.</summary>
    /// <remarks>
    /// For speculation, where invalid data means a wrong guess: when the second decoder fails, the first one still
    /// completes and the second gives -1; when the first fails, the second one (whose start depends on it) is dropped
    /// and both give -1.
    /// </remarks>
    /// <returns>The number of symbols produced by each, or -1.</returns>
    public static (int First, int Second) DecodeSymbolsPair(Inflater a, Span<ushort> first, Inflater b, Span<ushort> second)
    {
        CheckPair(a, b);
        fixed (ushort* firstStart = first)
        fixed (ushort* secondStart = second)
        {
            var outputA = (OutputSymbol*)firstStart;
            var outputB = (OutputSymbol*)secondStart;
            OutputSymbol* opA = outputA;
            OutputSymbol* opB = outputB;
            int producedB;
            try
            {
                DecodePair(a, outputA, ref opA, first.Length, b, outputB, ref opB, second.Length);
                producedB = b.RecordEnd((int)(opB - outputB));
            }
            catch (InvalidDataException) when (b._faulted && !a._faulted)
            {
                try
                {
                    opA = a.DecodeRange(outputA, opA, outputA + first.Length);
                }
                catch (InvalidDataException)
                {
                    return (-1, -1);
                }

                producedB = -1;
            }
            catch (InvalidDataException)
            {
                return (-1, -1);
            }

            return (a.RecordEnd((int)(opA - outputA)), producedB);
        }
    }

    private static void CheckPair(Inflater a, Inflater b)
    {
        ObjectDisposedException.ThrowIf(a._input is null, a);
        ObjectDisposedException.ThrowIf(b._input is null, b);
        if (ReferenceEquals(a, b))
        {
            throw new ArgumentException("The two decoders must differ.", nameof(b));
        }
    }

    // Decodes into both outputs from where opA and opB stand: each decoder runs alone through block headers, stored
    // blocks and the careful ends, both hot loops together whenever both can, and the one left over goes on alone.
    // opA and opB are kept exact even when a decoder fails, so that the other can go on.
    private static void DecodePair<T>(Inflater a, T* outputA, ref T* opA, int capacityA, Inflater b, T* outputB, ref T* opB, int capacityB)
        where T : unmanaged
    {
        T* endA = outputA + capacityA;
        T* endB = outputB + capacityB;
        if (capacityA > 0)
        {
            opA = a.Begin(outputA, endA);
        }

        if (capacityB > 0)
        {
            opB = b.Begin(outputB, endB);
        }

        while (a.Advance(ref opA, outputA, endA) && b.Advance(ref opB, outputB, endB))
        {
            DecodeFastPair(a, ref opA, outputA, endA, b, ref opB, outputB, endB);
        }

        opA = a.DecodeRange(outputA, opA, endA);
        opB = b.DecodeRange(outputB, opB, endB);
    }

    // The hot loops of two decoders in one loop: one iteration of each per turn, until either needs the careful path
    // or ends its block. Each decoder's state is spelled out in locals of its own so that the JIT keeps it in
    // registers, as DecodeFast does for one.
    private static void DecodeFastPair<T>(Inflater a, ref T* opRefA, T* outputA, T* endA, Inflater b, ref T* opRefB, T* outputB, T* endB)
        where T : unmanaged
    {
        T* opA = opRefA;
        T* outputLimitA = endA - FastOutputMargin;
        byte* ipA = a._input + a._inputPosition;
        byte* inputLimitA = a._input + a._inputEnd - FastInputMargin;
        ulong bitsA = a._bits;
        int countA = a._bitCount;
        uint* literalLengthsA = a._literalLengths;
        uint* distancesA = a._distances;

        T* opB = opRefB;
        T* outputLimitB = endB - FastOutputMargin;
        byte* ipB = b._input + b._inputPosition;
        byte* inputLimitB = b._input + b._inputEnd - FastInputMargin;
        ulong bitsB = b._bits;
        int countB = b._bitCount;
        uint* literalLengthsB = b._literalLengths;
        uint* distancesB = b._distances;

        int statusA = Continue;
        int statusB = Continue;
        while (opA <= outputLimitA && ipA <= inputLimitA && opB <= outputLimitB && ipB <= inputLimitB)
        {
            statusA = a.Iterate(ref opA, outputA, ref ipA, ref bitsA, ref countA, literalLengthsA, distancesA);
            if (statusA != Continue)
            {
                break;
            }

            statusB = b.Iterate(ref opB, outputB, ref ipB, ref bitsB, ref countB, literalLengthsB, distancesB);
            if (statusB != Continue)
            {
                break;
            }
        }

        // Both states are stored before either decoder's fault is raised, so that the other can go on alone.
        a.Store(ipA, bitsA, countA, statusA == BlockEnd);
        b.Store(ipB, bitsB, countB, statusB == BlockEnd);
        opRefA = opA;
        opRefB = opB;
        a.ThrowIfInvalid(statusA);
        b.ThrowIfInvalid(statusB);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Store(byte* ip, ulong bits, int count, bool endOfBlock)
    {
        _inputPosition = (int)(ip - _input);
        _bits = bits;
        _bitCount = count;
        if (endOfBlock)
        {
            _state = State.BlockHeader;
        }
    }
}
