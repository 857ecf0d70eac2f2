using System.Diagnostics;
using System.Globalization;
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
    public void A_large_uninitialized_array_is_mapped_before_it_is_written()
    {
        if (!OperatingSystem.IsLinux() || Environment.OSVersion.Version < new Version(5, 14))
        {
            Assert.Skip("MADV_POPULATE_WRITE needs Linux 5.14 or later.");
        }

        // Whether the kernel backs the range with huge pages depends on the machine's free memory at that moment,
        // so only the mapping itself is asserted (mincore: every whole page inside the array is resident).
        Memory<byte> memory = ArrayMemoryManager.Allocate<float>(Length, zeroed: false);
        AssertMapped(memory);
    }

    // After two slow huge pages (as when the host must back freed memory again), new arrays are marked for small pages
    // (VmFlags "nh", not "hg", in /proc/self/smaps) for a second, even where they reuse an earlier array's addresses.
    // That touches only how pages are mapped, so other tests running meanwhile are unaffected.
    [Fact]
    public unsafe void After_slow_huge_pages_new_arrays_get_small_pages()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Environment.OSVersion.Version >= new Version(5, 14), "MADV_POPULATE_WRITE needs Linux 5.14 or later.");
        // Two slow spans 10 ms apart, as Map records them. (Loads in other tests may record real ones meanwhile.)
        long slow = Stopwatch.Frequency / 100;
        long now = Stopwatch.GetTimestamp();
        FreshPages.Slow.Reset();
        FreshPages.Slow.Record(now - (3 * slow), now - (2 * slow), whole: true);
        FreshPages.Slow.Record(now - slow, now, whole: true);
        Assert.True(FreshPages.Slow.UseSmallPages(Stopwatch.GetTimestamp()));

        Memory<byte> memory = ArrayMemoryManager.Allocate<float>(Length, zeroed: false);
        AssertMapped(memory);
        fixed (byte* start = memory.Span)
        {
            string[] flags = VmFlags((nint)start + (Length / 2));
            Assert.Contains("nh", flags);
            Assert.DoesNotContain("hg", flags);
        }

        GC.KeepAlive(memory);
        FreshPages.Slow.Reset();
    }

    // The switch takes the advice back from arrays advised before it ("nh"), so their pages not yet mapped are small.
    [Fact]
    public unsafe void The_switch_to_small_pages_takes_back_the_advice_of_earlier_arrays()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Huge-page advice is Linux's.");
        FreshPages.Slow.Reset();
        Memory<byte> memory = ArrayMemoryManager.Allocate<float>(Length, zeroed: false, mapPages: false);
        fixed (byte* start = memory.Span)
        {
            nint middle = (nint)start + (Length / 2);
            Assert.SkipUnless(VmFlags(middle).Contains("hg"), "A load running meanwhile met slow huge pages: the array was not advised.");
            FreshPages.Revoke();
            string[] flags = VmFlags(middle);
            Assert.Contains("nh", flags);
            Assert.DoesNotContain("hg", flags);
        }

        GC.KeepAlive(memory);
    }

    private const int Length = 32 << 20;

    private static unsafe void AssertMapped(Memory<byte> memory)
    {
        fixed (byte* start = memory.Span)
        {
            nint first = ((nint)start + 4095) & ~(nint)4095;
            nint end = ((nint)start + memory.Length) & ~(nint)4095;
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
    }

    // The VmFlags of the mapping that holds `address`, from /proc/self/smaps.
    private static string[] VmFlags(nint address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            // A mapping's first line starts with its range, "start-end", in hexadecimal.
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash
                && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong from)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong to))
            {
                inside = (ulong)address >= from && (ulong)address < to;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"no mapping holds 0x{address:x}");
    }
}
