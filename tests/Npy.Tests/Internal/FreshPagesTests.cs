using System.Runtime.InteropServices;
using Npy.Internal;

namespace Npy.Tests.Internal;

// Destination arrays that a loader is about to overwrite are mapped (and, where the kernel allows, backed by huge
// pages) before the first write.
public class FreshPagesTests
{
    [Fact]
    public void Is_available_on_linux()
    {
        Assert.Equal(OperatingSystem.IsLinux(), FreshPages.IsEnabled);
    }

    [Fact]
    public unsafe void A_large_uninitialized_array_is_mapped_before_it_is_written()
    {
        if (!OperatingSystem.IsLinux() || Environment.OSVersion.Version < new Version(5, 14))
        {
            Assert.Skip("MADV_POPULATE_WRITE needs Linux 5.14 or later.");
        }

        // Whether the kernel backs the range with huge pages depends on the machine's free memory at that moment,
        // so only the mapping itself is asserted (mincore: every whole page inside the array is resident).
        const int Length = 32 << 20;
        Memory<byte> memory = ArrayMemoryManager.Allocate<float>(Length, zeroed: false);
        fixed (byte* start = memory.Span)
        {
            nint first = ((nint)start + 4095) & ~(nint)4095;
            nint end = ((nint)start + Length) & ~(nint)4095;
            int pages = (int)((end - first) / 4096);
            var resident = new byte[pages];
            var mincore = (delegate* unmanaged<nint, nuint, byte*, int>)NativeLibrary.GetExport(NativeLibrary.GetMainProgramHandle(), "mincore");
            fixed (byte* vector = resident)
            {
                Assert.Equal(0, mincore(first, (nuint)(end - first), vector));
            }

            int mapped = resident.Count(b => (b & 1) != 0);
            Assert.True(mapped == pages, $"only {mapped} of the array's {pages} pages are mapped before it is written");
        }

        GC.KeepAlive(memory);
    }
}
