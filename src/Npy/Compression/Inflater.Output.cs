using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Npy.Compression;

/// <content>
/// The two kinds of output: bytes (<see cref="Stream.Read(Span{byte})"/>) with a window of earlier output, and
/// 16-bit symbols (<see cref="DecodeSymbols"/>) with markers for output before the start. The decoding methods are
/// generic over the element, one of the two structs below; <c>typeof(T)</c> tests fold away when each instantiation
/// is compiled. The element types are this assembly's own so that ReadyToRun precompiles the instantiations: over
/// <c>byte</c> and <c>ushort</c> (with the <c>unmanaged</c> constraint pointers need) they would be compiled at run
/// time, and run unoptimised at first.
/// </content>
internal sealed unsafe partial class Inflater
{
    /// <summary>An output byte.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 1)]
    private readonly struct OutputByte;

    /// <summary>An output symbol of <see cref="DecodeSymbols"/>: a byte value or a marker, 16 bits.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 2)]
    private readonly struct OutputSymbol;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Element<T>(byte value)
        where T : unmanaged
    {
        T element = default;
        if (typeof(T) == typeof(OutputByte))
        {
            *(byte*)&element = value;
        }
        else
        {
            *(ushort*)&element = value;
        }

        return element;
    }

    // Copies a match element by element, where its source may lie before this call's output.
    private T* CopyFar<T>(T* op, T* output, int distance, int length)
        where T : unmanaged => typeof(T) == typeof(OutputByte)
            ? (T*)CopyFarBytes((byte*)op, (byte*)output, distance, length)
            : (T*)CopyFarSymbols((ushort*)op, (ushort*)output, distance, length);

    // Bytes before this call's output come from the window of earlier calls; before the stream's start is an error.
    private byte* CopyFarBytes(byte* op, byte* output, int distance, int length)
    {
        if (distance > _totalOut + (op - output))
        {
            throw Corrupt("invalid distance too far back");
        }

        byte[] window = _tables.Window;
        for (int i = 0; i < length; i++)
        {
            long from = (op - output) - distance;
            *op++ = from >= 0 ? output[from] : window[_windowLength + from];
        }

        return op;
    }

    // Symbols before the output's start become markers naming the byte they need (see DecodeSymbols).
    private ushort* CopyFarSymbols(ushort* op, ushort* output, int distance, int length)
    {
        for (int i = 0; i < length; i++)
        {
            long from = (op - output) - distance;
            if (from >= 0)
            {
                *op++ = output[from];
                continue;
            }

            // A distance is at most 32768, so the marker stays within 256 + 0…32767.
            *op++ = (ushort)(MarkerBase + WindowSize + from);
        }

        return op;
    }
}
