using Npy.Zip;

namespace Npy.Tests.Zip;

public class Cp437Tests
{
    [Fact]
    public void Ascii_names_decode_to_themselves()
    {
        Assert.Equal("a00000.npy", Cp437.Decode("a00000.npy"u8));
        Assert.Equal(string.Empty, Cp437.Decode([]));
        Assert.Equal("\u0001\u007f", Cp437.Decode([0x01, 0x7F]));
    }

    [Fact]
    public void High_bytes_map_through_the_table_whatever_the_length()
    {
        Assert.Equal("Ç", Cp437.Decode([0x80]));
        Assert.Equal("ß", Cp437.Decode([0xE1]));
        Assert.Equal("\u00A0", Cp437.Decode([0xFF]));
        Assert.Equal("aÇb░", Cp437.Decode([(byte)'a', 0x80, (byte)'b', 0xB0]));

        byte[] all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        string one = string.Concat(all.Select(b => Cp437.Decode([b])));
        Assert.Equal(one, Cp437.Decode(all));
        byte[] longName = [.. Enumerable.Repeat(all, 5).SelectMany(x => x)];
        Assert.Equal(string.Concat(Enumerable.Repeat(one, 5)), Cp437.Decode(longName));
    }
}
