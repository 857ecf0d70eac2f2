using System.Globalization;
using Npy.Internal;

namespace Npy.Tests.Internal;

// Destination arrays that a loader is about to overwrite are mapped (and, where the kernel allows, backed by huge
// pages) before the first write: checked in the process's own memory map.
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

        const int Length = 32 << 20;
        Memory<byte> memory = ArrayMemoryManager.Allocate<float>(Length, zeroed: false);
        fixed (byte* start = memory.Span)
        {
            var area = Mapping.Find((nint)start + (Length / 2));
            Assert.True(area.RssKiB * 1024L >= Math.Min(area.SizeKiB * 1024L, Length - (4L << 20)),
                $"only {area.RssKiB} KiB of the {area.SizeKiB} KiB area holding the array are mapped");
            if (TransparentHugePagesAllowed())
            {
                Assert.True(area.HugeKiB > 0, $"no huge pages in the area holding the array ({area.SizeKiB} KiB, mode '{ThpMode()}')");
            }
        }

        GC.KeepAlive(memory);
    }

    private static bool TransparentHugePagesAllowed() => ThpMode() is "always" or "madvise";

    private static string ThpMode()
    {
        const string Path = "/sys/kernel/mm/transparent_hugepage/enabled";
        if (!File.Exists(Path))
        {
            return "none";
        }

        string text = File.ReadAllText(Path);
        int open = text.IndexOf('[', StringComparison.Ordinal);
        int close = text.IndexOf(']', StringComparison.Ordinal);
        return open >= 0 && close > open ? text[(open + 1)..close] : "none";
    }

    // One area of /proc/self/smaps: its size, resident part and huge-page part.
    private readonly record struct Mapping(long SizeKiB, long RssKiB, long HugeKiB)
    {
        private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

        public static Mapping Find(nint address)
        {
            bool inside = false;
            long size = 0, rss = 0, huge = 0;
            foreach (string line in File.ReadLines("/proc/self/smaps"))
            {
                int dash = line.IndexOf('-', StringComparison.Ordinal);
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                if (dash > 0 && space > dash && IsHex(line.AsSpan(0, dash)))
                {
                    if (inside)
                    {
                        break;
                    }

                    ulong begin = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    ulong end = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    inside = (ulong)address >= begin && (ulong)address < end;
                    continue;
                }

                if (inside)
                {
                    size = line.StartsWith("Size:", StringComparison.Ordinal) ? Kib(line) : size;
                    rss = line.StartsWith("Rss:", StringComparison.Ordinal) ? Kib(line) : rss;
                    huge = line.StartsWith("AnonHugePages:", StringComparison.Ordinal) ? Kib(line) : huge;
                }
            }

            Assert.True(inside || size > 0, $"address {address:x} is in no mapping");
            return new Mapping(size, rss, huge);
        }

        private static bool IsHex(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(HexDigits);

        private static long Kib(string line) =>
            long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
    }
}
