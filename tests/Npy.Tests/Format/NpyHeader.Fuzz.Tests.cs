using CsCheck;

namespace Npy.Tests.Format;

/// <summary>Mutated headers must only ever raise the documented exception types.</summary>
public class NpyHeaderFuzzTests
{
    private static readonly byte[][] s_seeds =
    [
        new NpyHeader(NpyDType.Float64, [2, 3], false).Format(),
        new NpyHeader(NpyDType.Parse("[('a', '<i4', (2,)), (('t', 'b'), [('c', '>f8')]), ('€', '|S3')]"), [5], true).Format(),
        new NpyHeader(NpyDType.Parse("[('é\\'x\"', '<M8[10ms]'), ('', '|V3'), ('o', '|O')]"), [], false).Format(2),
        HeaderBytes.Make("{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L)} # c\n\t"),
        HeaderBytes.Make("{'descr': '\\x3c\\u0066\\U00000038', 'fortran_order': False, 'shape': (2,)}"),
    ];

    private static readonly byte[] s_interesting = "'\"\\()[]{},:#LuUbrx0123456789-+ \n\t\0\u0080\u00ff"u8.ToArray();

    [Fact]
    public void Mutated_headers_raise_only_documented_exceptions()
    {
        Gen<byte[]> mutated =
            from seed in Gen.Int[0, s_seeds.Length - 1]
            from edits in Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000], Gen.Int[0, 255], Gen.Int[0, s_interesting.Length - 1], Gen.Bool).Array[1, 6]
            select Mutate(s_seeds[seed], edits);

        mutated.Sample(bytes =>
        {
            try
            {
                NpyHeader h = NpyHeader.Parse(bytes, NpyLimits.Default with { MaxHeaderBytes = 1 << 16 });
                _ = h.Format();
                _ = h.DType.ToString();
            }
            catch (NpyInvalidDataException)
            {
            }
            catch (NotSupportedException)
            {
            }
        }, iter: 20000);
    }

    private static byte[] Mutate(byte[] seed, (int Kind, int Position, int Value, int Pick, bool UseInteresting)[] edits)
    {
        var list = new List<byte>(seed);
        foreach ((int kind, int position, int value, int pick, bool useInteresting) in edits)
        {
            // Keep the magic and version intact most of the time so the literal parser is what gets exercised.
            int at = 12 + (position % Math.Max(1, list.Count - 12));
            byte b = useInteresting ? s_interesting[pick] : (byte)value;
            switch (kind)
            {
                case 0 when at < list.Count:
                    list[at] = b;
                    break;
                case 1:
                    list.Insert(Math.Min(at, list.Count), b);
                    break;
                case 2 when at < list.Count:
                    list.RemoveAt(at);
                    break;
            }
        }

        // Keep HEADER_LEN consistent with the mutated text, so edits reach the parser instead of the truncation check.
        byte[] result = [.. list];
        if (result[6] == 1)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)(result.Length - 10));
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(8), (uint)(result.Length - 12));
        }

        return result;
    }
}
