using Npy.Internal;

namespace Npy.Tests.Internal;

public class ByteFillTests
{
    [Theory]
    [InlineData(0x00)]
    [InlineData(0x05)]
    [InlineData(0x20)]
    [InlineData(0xFF)]
    public void Fills_exactly_the_span_whatever_its_length_and_alignment(byte value)
    {
        foreach (int length in Enumerable.Range(0, 41).Append(8191).Append(8192))
        {
            for (int offset = 0; offset < 8; offset++)
            {
                byte[] buffer = new byte[length + 16];
                Array.Fill(buffer, (byte)0xA5);
                ByteFill.Fill(buffer.AsSpan(offset, length), value);
                for (int i = 0; i < buffer.Length; i++)
                {
                    bool inside = i >= offset && i < offset + length;
                    Assert.Equal(inside ? value : (byte)0xA5, buffer[i]);
                }
            }
        }
    }
}
