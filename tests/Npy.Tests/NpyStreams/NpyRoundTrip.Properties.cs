using CsCheck;

namespace Npy.Tests.NpyStreams;

/// <summary>Property: reading what the writer wrote gives back the same dtype, shape, order and bytes, for any layout.</summary>
public class NpyRoundTripProperties
{
    private static readonly string[] Descrs =
    [
        "|b1", "|i1", "|u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4", "<i8", ">i8", "<u8", ">u8",
        "<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "<c8", ">c8", "<c16", ">c16", "|S1", "|S7", "<U1", ">U3", "|V5",
        "<M8[ns]", ">M8[D]", "<m8[10ms]", "<f16", "<c32",
        "[('a', '<i4'), ('b', '>f8', (2,))]",
        "[('x', [('y', '|u1'), ('z', '<U2')]), ('', '|V3'), ('w', '>c8')]",
    ];

    internal static readonly Gen<(string Descr, long[] Shape, bool Fortran, bool Seekable, int MaxRead)> Cases =
        Gen.Select(
            Gen.Int[0, Descrs.Length - 1].Select(i => Descrs[i]),
            Gen.Int[0, 5].SelectMany(rank => Gen.Long[0, 6].Array[rank]),
            Gen.Bool,
            Gen.Bool,
            Gen.Int[1, 64]);

    [Fact]
    public void Read_of_write_is_identity()
    {
        Cases.Sample(c =>
        {
            var dtype = NpyDType.Parse(c.Descr);
            var array = NpyArray.Create(dtype, c.Shape, c.Fortran);
            new Random(c.Shape.Length * 31 + c.Descr.Length).NextBytes(array.Data.Span);

            var ms = new MemoryStream();
            using (var writer = new NpyWriter(ms, leaveOpen: true))
            {
                writer.Write(array);
            }

            ms.Position = 0;
            using var reader = new NpyReader(new Helpers.TrickleStream(ms, c.MaxRead, c.Seekable), NpyLimits.Default);
            var back = reader.Read();
            Assert.Equal(dtype, back.DType);
            Assert.Equal(c.Shape, back.Shape);
            Assert.Equal(c.Fortran && !array.IsOrderIrrelevant(), back.FortranOrder);
            Assert.True(array.Data.Span.SequenceEqual(back.Data.Span));
            Assert.Null(reader.ReadNext());
        }, iter: 500);
    }
}
