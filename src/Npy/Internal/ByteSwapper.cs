using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Npy.Internal;

/// <summary>Brings array elements to the machine's byte order in place, for every dtype including structured ones with fields of mixed order.</summary>
/// <remarks>
/// A dtype is flattened once into a list of runs (offset, width, count): each run is <c>count</c> consecutive
/// scalars of <c>width</c> bytes whose bytes must be reversed. The walk over the dtype tree is bounded by the
/// nesting limit the parser enforced, not by the data.
/// </remarks>
internal static class ByteSwapper
{
    private readonly record struct Run(int Offset, int Width, int Count);

    /// <summary>Reverses every multi-byte scalar not in the machine's order, in <paramref name="count"/> elements of <paramref name="dtype"/>.</summary>
    public static void ToNativeInPlace(Span<byte> data, NpyDType dtype, long count)
    {
        if (count == 0 || dtype.ItemSize == 0)
        {
            return;
        }

        var runs = new List<Run>();
        Collect(dtype, 0, runs);
        if (runs.Count == 0)
        {
            return;
        }

        // A plain scalar dtype is one run covering the whole item: swap the whole buffer with the vectorised primitives.
        if (runs.Count == 1 && runs[0].Offset == 0 && runs[0].Width * runs[0].Count == dtype.ItemSize)
        {
            SwapScalars(data[..checked((int)(count * dtype.ItemSize))], runs[0].Width);
            return;
        }

        int itemSize = dtype.ItemSize;
        for (long i = 0; i < count; i++)
        {
            Span<byte> item = data.Slice(checked((int)(i * itemSize)), itemSize);
            foreach (Run run in runs)
            {
                SwapScalars(item.Slice(run.Offset, run.Width * run.Count), run.Width);
            }
        }
    }

    private static void SwapScalars(Span<byte> span, int width)
    {
        switch (width)
        {
            case 2:
                var s16 = MemoryMarshal.Cast<byte, ushort>(span);
                BinaryPrimitives.ReverseEndianness(s16, s16);
                break;
            case 4:
                var s32 = MemoryMarshal.Cast<byte, uint>(span);
                BinaryPrimitives.ReverseEndianness(s32, s32);
                break;
            case 8:
                var s64 = MemoryMarshal.Cast<byte, ulong>(span);
                BinaryPrimitives.ReverseEndianness(s64, s64);
                break;
            default:
                for (int i = 0; i + width <= span.Length; i += width)
                {
                    span.Slice(i, width).Reverse();
                }

                break;
        }
    }

    private static void Collect(NpyDType dtype, int offset, List<Run> runs, int repeat = 1)
    {
        if (dtype.Kind is not (NpyKind.Structured or NpyKind.Subarray) && !IsForeign(dtype.ByteOrder))
        {
            return;
        }

        switch (dtype.Kind)
        {
            case NpyKind.Int or NpyKind.UInt or NpyKind.Float or NpyKind.DateTime or NpyKind.TimeDelta:
                if (dtype.ItemSize > 1)
                {
                    runs.Add(new Run(offset, dtype.ItemSize, repeat));
                }

                break;
            case NpyKind.Complex:
                runs.Add(new Run(offset, dtype.ItemSize / 2, 2 * repeat));
                break;
            case NpyKind.Unicode:
                runs.Add(new Run(offset, 4, dtype.ItemSize / 4 * repeat));
                break;
            case NpyKind.Subarray when dtype.SubarrayBase is { } elementType:
                int n = Product(dtype.SubarrayShape);
                if (IsScalarRun(elementType))
                {
                    Collect(elementType, offset, runs, checked(n * repeat));
                }
                else
                {
                    for (int r = 0; r < repeat; r++)
                    {
                        for (int k = 0; k < n; k++)
                        {
                            Collect(elementType, offset + (((r * n) + k) * elementType.ItemSize), runs);
                        }
                    }
                }

                break;
            case NpyKind.Structured:
                for (int r = 0; r < repeat; r++)
                {
                    int baseOffset = offset + (r * dtype.ItemSize);
                    foreach (NpyField field in dtype.Fields)
                    {
                        Collect(field.DType, baseOffset + field.Offset, runs, Product(field.Shape));
                    }
                }

                break;
            default:
                // Bool, Bytes, Void, Object: no byte order.
                break;
        }
    }

    private static bool IsForeign(NpyByteOrder order) =>
        order == (BitConverter.IsLittleEndian ? NpyByteOrder.Big : NpyByteOrder.Little);

    private static bool IsScalarRun(NpyDType dtype) =>
        dtype.Kind is NpyKind.Int or NpyKind.UInt or NpyKind.Float or NpyKind.DateTime or NpyKind.TimeDelta
            or NpyKind.Complex or NpyKind.Unicode or NpyKind.Bool or NpyKind.Bytes or NpyKind.Void;

    private static int Product(IReadOnlyList<int> shape)
    {
        int n = 1;
        foreach (int d in shape)
        {
            n = checked(n * d);
        }

        return n;
    }
}
