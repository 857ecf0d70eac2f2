using System.Text;

namespace Npy.Cli.Tests.Helpers;

/// <summary>Builds the arrays and files the tests run the tool on.</summary>
public static class Samples
{
    /// <summary>Pairs names with arrays, in order (for the named-array overloads).</summary>
    public static List<KeyValuePair<string, NpyArray>> Named(params (string Name, NpyArray Array)[] arrays) =>
        arrays.Select(a => new KeyValuePair<string, NpyArray>(a.Name, a.Array)).ToList();

    /// <summary>Gets a 3×4 float64 array 0, 1/3, 2/3, ….</summary>
    public static NpyArray Floats() => NpyArray.FromArray(Enumerable.Range(0, 12).Select(i => i / 3.0).ToArray(), 3, 4);

    /// <summary>Gets the named arrays of the mixed archive, in order.</summary>
    public static List<KeyValuePair<string, NpyArray>> MixedArrays()
    {
        var structured = NpyDType.Structured([new NpyField("x", NpyDType.Int32, 0), new NpyField("y", NpyDType.Float64, 4)]);
        byte[] records = new byte[24];
        BitConverter.TryWriteBytes(records.AsSpan(0), 1);
        BitConverter.TryWriteBytes(records.AsSpan(4), 2.5);
        BitConverter.TryWriteBytes(records.AsSpan(12), 3);
        BitConverter.TryWriteBytes(records.AsSpan(16), -1e10);
        return
        [
            new("a", Floats()),
            new("b", NpyArray.FromArray(Enumerable.Range(0, 2000).ToArray(), 40, 50)),
            new("c", NpyArray.FromStrings(["ab", "c'd", "héllo"])),
            new("s", new NpyArray(structured, [2], false, records)),
            new("t", NpyArray.FromArray(new[] { true, false, true })),
            new("nested/w", NpyArray.FromArray(new[] { 1.5, double.NaN, double.NegativeInfinity })),
        ];
    }

    /// <summary>Writes the mixed archive (arrays plus a <c>readme.txt</c> member that is not an array).</summary>
    public static string WriteMixedNpz(string path, bool compressed)
    {
        var options = compressed ? NpzWriterOptions.Compressed : NpzWriterOptions.Stored;
        return NpzFile.Write(path, writer =>
        {
            foreach (var (name, array) in MixedArrays())
            {
                writer.Add(name, array);
            }

            writer.AddRaw("readme.txt", Encoding.UTF8.GetBytes("not an array\n"));
        }, options);
    }

    /// <summary>Writes an archive from member names and contents exactly as given (for unsafe or odd names).</summary>
    public static byte[] RawNpz(params (string Name, byte[] Content)[] members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new NpzWriter(buffer, NpzWriterOptions.Stored, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                writer.AddRaw(name, content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Gets the bytes of a small valid <c>.npy</c> (three float64).</summary>
    public static byte[] SmallNpy()
    {
        using var buffer = new MemoryStream();
        using (var writer = new NpyWriter(buffer, leaveOpen: true))
        {
            writer.Write(NpyArray.FromArray(new[] { 1.0, 2.0, 3.0 }));
        }

        return buffer.ToArray();
    }

    /// <summary>Builds a version 1.0 <c>.npy</c> by hand: any header text, any data length.</summary>
    public static byte[] HandMadeNpy(string header, int dataBytes, byte major = 1)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        int unpadded = 6 + 2 + lengthBytes + header.Length + 1;
        int padded = (unpadded + 63) / 64 * 64;
        string text = header + new string(' ', padded - unpadded) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.Add(major);
        bytes.Add(0);
        if (lengthBytes == 2)
        {
            bytes.AddRange(BitConverter.GetBytes((ushort)text.Length));
        }
        else
        {
            bytes.AddRange(BitConverter.GetBytes(text.Length));
        }

        bytes.AddRange(Encoding.Latin1.GetBytes(text));
        bytes.AddRange(new byte[dataBytes]);
        return bytes.ToArray();
    }

    /// <summary>Replaces every occurrence of a byte string by another of the same length.</summary>
    public static byte[] ReplaceAll(byte[] data, byte[] from, byte[] to)
    {
        Assert.Equal(from.Length, to.Length);
        byte[] result = (byte[])data.Clone();
        int found = 0;
        for (int i = 0; i + from.Length <= result.Length; i++)
        {
            if (result.AsSpan(i, from.Length).SequenceEqual(from))
            {
                to.CopyTo(result, i);
                found++;
            }
        }

        Assert.True(found > 0, "The pattern to patch was not found.");
        return result;
    }
}
