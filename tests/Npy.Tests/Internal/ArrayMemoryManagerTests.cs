using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy.Tests.Internal;

// Storage is an array of the dtype's natural element type. A process's first large uninitialized array of a type is a
// plain one (precompiled, and as cheap on fresh memory); later ones skip the clearing. Both must look the same.
public class ArrayMemoryManagerTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(5 << 20)]
    public void Uninitialized_arrays_have_the_natural_type_and_length_every_time(int byteLength)
    {
        for (int i = 0; i < 3; i++)
        {
            Memory<byte> memory = ClrTypeMap.Allocate(NpyDType.Parse("<u2"), byteLength, zeroed: false);
            Assert.Equal(byteLength, memory.Length);
            ushort[] array = Assert.IsType<ushort[]>(Backing(memory));
            Assert.Equal(byteLength / 2, array.Length);
            memory.Span.Fill(0xA5);
            Assert.All(array, value => Assert.Equal(0xA5A5, value));
        }
    }

    [Fact]
    public void Zeroed_arrays_read_as_zero_after_uninitialized_ones_were_freed()
    {
        for (int i = 0; i < 3; i++)
        {
            ClrTypeMap.Allocate(NpyDType.Parse("<i8"), 1 << 20, zeroed: false).Span.Fill(0xFF);
            GC.Collect();
            Memory<byte> zeroed = ClrTypeMap.Allocate(NpyDType.Parse("<i8"), 1 << 20, zeroed: true);
            Assert.Equal(-1, zeroed.Span.IndexOfAnyExcept((byte)0));
        }
    }

    [Fact]
    public void An_odd_byte_length_rounds_the_element_count_up()
    {
        Memory<byte> memory = ArrayMemoryManager.Allocate<double>(4097, zeroed: false);
        Assert.Equal(513, Assert.IsType<double[]>(Backing(memory)).Length);
        Assert.Equal(4097, memory.Length);
    }

    private static Array Backing(Memory<byte> memory)
    {
        Assert.True(MemoryMarshal.TryGetMemoryManager<byte, ArrayMemoryManager>(memory, out ArrayMemoryManager? manager));
        return manager!.Array;
    }
}
