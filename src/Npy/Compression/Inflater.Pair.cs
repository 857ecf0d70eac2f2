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
        ObjectDisposedException.ThrowIf(a._input is null, a);
        ObjectDisposedException.ThrowIf(b._input is null, b);
        if (ReferenceEquals(a, b))
        {
            throw new ArgumentException("The two decoders must differ.", nameof(b));
        }

        fixed (byte* firstStart = first)
        fixed (byte* secondStart = second)
        {
            var outputA = (OutputByte*)firstStart;
            var outputB = (OutputByte*)secondStart;
            OutputByte* endA = outputA + first.Length;
            OutputByte* endB = outputB + second.Length;
            OutputByte* opA = outputA;
            OutputByte* opB = outputB;
            if (a._state is not (State.Done or State.Truncated) && !first.IsEmpty)
            {
                opA = a.Begin(outputA, endA);
            }

            if (b._state is not (State.Done or State.Truncated) && !second.IsEmpty)
            {
                opB = b.Begin(outputB, endB);
            }

            try
            {
                // Each runs alone through block headers, stored blocks and the careful ends; both hot loops run
                // together whenever both can.
                while (a.Advance(ref opA, outputA, endA) && b.Advance(ref opB, outputB, endB))
                {
                    DecodeFastPair(a, ref opA, outputA, endA, b, ref opB, outputB, endB);
                }
            }
            catch (InvalidDataException) when (b._faulted && !a._faulted)
            {
                // The second stream failed first: the first one's own error, if it has one, takes precedence.
                a.DecodeRange(outputA, opA, endA);
                throw;
            }

            opA = a.DecodeRange(outputA, opA, endA);
            opB = b.DecodeRange(outputB, opB, endB);
            int producedA = (int)(opA - outputA);
            int producedB = (int)(opB - outputB);
            a.KeepWindow(first[..producedA]);
            a._totalOut += producedA;
            b.KeepWindow(second[..producedB]);
            b._totalOut += producedB;
            return (producedA, producedB);
        }
    }

    // The hot loops of two decoders in one loop: one iteration of each per turn, until either needs the careful path
    // or ends its block.
    private static void DecodeFastPair(
        Inflater a, ref OutputByte* opRefA, OutputByte* outputA, OutputByte* endA, Inflater b, ref OutputByte* opRefB, OutputByte* outputB, OutputByte* endB)
    {
        OutputByte* opA = opRefA;
        OutputByte* outputLimitA = endA - FastOutputMargin;
        byte* ipA = a._input + a._inputPosition;
        byte* inputLimitA = a._input + a._inputEnd - FastInputMargin;
        ulong bitsA = a._bits;
        int countA = a._bitCount;
        uint* literalLengthsA = a._literalLengths;
        uint* distancesA = a._distances;

        OutputByte* opB = opRefB;
        OutputByte* outputLimitB = endB - FastOutputMargin;
        byte* ipB = b._input + b._inputPosition;
        byte* inputLimitB = b._input + b._inputEnd - FastInputMargin;
        ulong bitsB = b._bits;
        int countB = b._bitCount;
        uint* literalLengthsB = b._literalLengths;
        uint* distancesB = b._distances;

        bool endOfBlockA = false;
        bool endOfBlockB = false;
        while (opA <= outputLimitA && ipA <= inputLimitA && opB <= outputLimitB && ipB <= inputLimitB)
        {
            if (!a.Iterate(ref opA, outputA, ref ipA, ref bitsA, ref countA, literalLengthsA, distancesA))
            {
                endOfBlockA = true;
                break;
            }

            if (!b.Iterate(ref opB, outputB, ref ipB, ref bitsB, ref countB, literalLengthsB, distancesB))
            {
                endOfBlockB = true;
                break;
            }
        }

        a.Store(ipA, bitsA, countA, endOfBlockA);
        b.Store(ipB, bitsB, countB, endOfBlockB);
        opRefA = opA;
        opRefB = opB;
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
