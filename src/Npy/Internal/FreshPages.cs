using System.Runtime.InteropServices;

namespace Npy.Internal;

/// <summary>
/// Makes a large, freshly allocated destination array cheap to fill on Linux: asks for transparent huge pages on
/// its 2 MiB-aligned interior and maps its pages with one system call per piece (the whole array, or each piece
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
    private const int MadvisePopulateWrite = 23;
    private const nint HugePageSize = 2 << 20;
    private const nint PageSize = 4096;

    private static readonly delegate* unmanaged<nint, nuint, int, int> s_madvise = FindMadvise();

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
        if (hugeLength > 0)
        {
            _ = madvise(hugeBegin, hugeLength, MadviseHugePage);
        }

        if (map)
        {
            Map(start, byteLength);
        }
    }

    /// <summary>Maps the whole pages inside <paramref name="range"/> in one system call (nothing for a small range or off Linux).</summary>
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

    private static void Map(void* start, long byteLength)
    {
        // The first and last partial pages may be shared with neighbouring objects; populating them is harmless
        // (it only maps them), but keep to whole pages inside the range.
        nuint pagesLength = Inside(start, byteLength, PageSize, out nint pagesBegin);
        if (pagesLength > 0)
        {
            _ = s_madvise(pagesBegin, pagesLength, MadvisePopulateWrite);
        }
    }

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
