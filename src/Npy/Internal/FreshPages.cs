using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Npy.Internal;

/// <summary>
/// Makes a large, freshly allocated destination array cheap to fill on Linux: asks for transparent huge pages on
/// its 2 MiB-aligned interior and maps its pages with one system call per 2 MiB (of the whole array, or of each piece
/// just before it is filled), instead of one page fault per 4 KiB while the loader writes into it.
/// </summary>
/// <remarks>
/// <para>
/// Without this, the first write to every 4 KiB page of a new array takes a page fault: 60,000 faults for a 234 MiB
/// array, 75–100 ms on the project's benchmark machine, which made loading a stored member slower than NumPy's.
/// NumPy advises huge pages on its own large arrays (<c>madvise(MADV_HUGEPAGE)</c>); with that advice and
/// <c>MADV_POPULATE_WRITE</c> (Linux 5.14+) the same array is ready in 10–15 ms (docs/performance.md).
/// </para>
/// <para>
/// In a virtual machine whose host takes back the guest's free memory (free page reporting, as on the benchmark
/// machine), a huge page is cheap only while its memory is still backed by the host: 0.09 ms per 2 MiB, against
/// 4.4–7.8 ms once the host must back it again, and 0.6–0.8 ms for the same 2 MiB in small pages, which the kernel
/// takes from memory in use moments ago. Huge pages are therefore mapped one at a time and timed; after two slow ones
/// the advice is taken back from the arrays advised recently (<c>MADV_NOHUGEPAGE</c>), so the rest of their pages are
/// small, and arrays allocated during the next second are marked for small pages.
/// </para>
/// <para>
/// Only arrays that the caller is about to overwrite completely are prepared, so populating costs no memory that
/// would not be touched anyway. Every failure is ignored (an older kernel, no libc, another OS): the advice is an
/// optimisation, never a requirement. The AppContext switch <c>Npy.DisableHugePages</c> turns it off.
/// </para>
/// </remarks>
internal static unsafe class FreshPages
{
    /// <summary>Arrays smaller than this are left alone: they hold at most one aligned huge page.</summary>
    public const long Threshold = 4L << 20;

    // Pieces smaller than this fault in quickly enough on their own.
    private const int MinimumMapped = 256 << 10;

    private const int MadviseHugePage = 14;
    private const int MadviseNoHugePage = 15;
    private const int MadvisePopulateWrite = 23;
    private const nint HugePageSize = 2 << 20;
    private const nint PageSize = 4096;

    // How many arrays' huge-page advice is remembered (see Revoke).
    private const int Remembered = 64;

    private static readonly delegate* unmanaged<nint, nuint, int, int> s_madvise = FindMadvise();

    // The 2 MiB-aligned ranges of the arrays advised most recently (a length of 0: none, or taken back).
    private static readonly object s_advisedGate = new();
    private static readonly nint[] s_advisedBegin = new nint[Remembered];
    private static readonly nuint[] s_advisedLength = new nuint[Remembered];
    private static int s_advisedNext;

    /// <summary>Gets when huge pages are slow to map and small pages are used instead.</summary>
    /// <remarks>
    /// A huge page that takes longer than 3 ms to map had to be backed by the host first (see the class remarks);
    /// mapping 2 MiB in small pages takes up to 1.7 ms there. Two such within 0.1 s switch to small pages for a second.
    /// </remarks>
    internal static SlowHugePages Slow { get; } = new(Stopwatch.Frequency * 3 / 1000, Stopwatch.Frequency / 10, Stopwatch.Frequency);

    /// <summary>Gets whether preparing pages is available and switched on in this process.</summary>
    public static bool IsEnabled => s_madvise != null;

    /// <summary>Advises huge pages for the <paramref name="byteLength"/> bytes at <paramref name="start"/> and, when <paramref name="map"/> is true, maps them.</summary>
    /// <remarks>The memory must not move during the call (pinned, or on the large object heap inside a <c>fixed</c> block).</remarks>
    public static void Prepare(void* start, long byteLength, bool map)
    {
        var madvise = s_madvise;
        if (madvise == null || byteLength < Threshold)
        {
            return;
        }

        nuint hugeLength = Inside(start, byteLength, HugePageSize, out nint hugeBegin);
        if (hugeLength > 0 && SmallPagesNow())
        {
            // Explicitly: the array may reuse addresses of an earlier one that was advised huge pages.
            _ = madvise(hugeBegin, hugeLength, MadviseNoHugePage);
        }
        else if (hugeLength > 0)
        {
            lock (s_advisedGate)
            {
                s_advisedBegin[s_advisedNext] = hugeBegin;
                s_advisedLength[s_advisedNext] = hugeLength;
                s_advisedNext = (s_advisedNext + 1) % Remembered;
            }

            _ = madvise(hugeBegin, hugeLength, MadviseHugePage);
        }

        if (map)
        {
            Map(start, byteLength);
        }
    }

    /// <summary>Maps the whole pages inside <paramref name="range"/> (nothing for a small range or off Linux).</summary>
    /// <remarks>
    /// Used on pieces of a destination allocated without mapping, by the thread about to fill each piece, so that the
    /// kernel's work of zeroing the pages is spread over the cores. Mapping pages that are already mapped changes
    /// nothing.
    /// </remarks>
    public static void Map(Span<byte> range)
    {
        if (s_madvise != null && range.Length >= MinimumMapped)
        {
            fixed (byte* start = range)
            {
                Map(start, range.Length);
            }
        }
    }

    // Maps the whole pages of the range one huge page's span at a time, timing each (see the remarks), or all at once
    // while huge pages are slow: small pages then, as the arrays' advice has been taken back (Revoke).
    private static void Map(void* start, long byteLength)
    {
        // The first and last partial pages may be shared with neighbouring objects; populating them is harmless
        // (it only maps them), but keep to whole pages inside the range.
        nuint length = Inside(start, byteLength, PageSize, out nint at);
        nint end = at + (nint)length;
        while (at < end)
        {
            if (SmallPagesNow())
            {
                _ = s_madvise(at, (nuint)(end - at), MadvisePopulateWrite);
                return;
            }

            nint next = Math.Min(end, (at & ~(HugePageSize - 1)) + HugePageSize);
            long before = Stopwatch.GetTimestamp();
            _ = s_madvise(at, (nuint)(next - at), MadvisePopulateWrite);
            if (Slow.Record(before, Stopwatch.GetTimestamp(), whole: next - at == HugePageSize))
            {
                Revoke();
            }

            at = next;
        }
    }

    // Takes the huge-page advice back from the arrays advised most recently, each whole array at once: their pages
    // not yet mapped will be small. (Piece by piece, as pieces are mapped, took 8-17 ms of W2's load: each call
    // splits the mapping and waits for the other core's mapping to finish.) The ranges are 2 MiB-aligned, so the huge
    // pages already mapped stay as they are.
    internal static void Revoke()
    {
        if (s_madvise == null)
        {
            return;
        }

        lock (s_advisedGate)
        {
            for (int i = 0; i < Remembered; i++)
            {
                if (s_advisedLength[i] > 0)
                {
                    _ = s_madvise(s_advisedBegin[i], s_advisedLength[i], MadviseNoHugePage);
                    s_advisedLength[i] = 0;
                }
            }
        }
    }

    private static bool SmallPagesNow() => Slow.UseSmallPages(Stopwatch.GetTimestamp());

    // The whole pages of `pageSize` inside [start, start + byteLength): how many bytes they span and where they begin.
    // (An out parameter, not a tuple: ReadyToRun leaves methods returning CoreLib tuples to the JIT.)
    private static nuint Inside(void* start, long byteLength, nint pageSize, out nint begin)
    {
        begin = ((nint)start + pageSize - 1) & ~(pageSize - 1);
        nint end = ((nint)start + (nint)byteLength) & ~(pageSize - 1);
        return end > begin ? (nuint)(end - begin) : 0;
    }

    private static delegate* unmanaged<nint, nuint, int, int> FindMadvise()
    {
        if (!OperatingSystem.IsLinux()
            || (AppContext.TryGetSwitch("Npy.DisableHugePages", out bool disabled) && disabled))
        {
            return null;
        }

        // The C library is already loaded into every .NET process on Linux (glibc or musl): look the symbol up there.
        return NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "madvise", out nint export)
            || (NativeLibrary.TryLoad("libc.so.6", out nint library) && NativeLibrary.TryGetExport(library, "madvise", out export))
            ? (delegate* unmanaged<nint, nuint, int, int>)export
            : null;
    }
}
