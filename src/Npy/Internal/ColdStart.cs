using System.IO.Hashing;

namespace Npy.Internal;

/// <summary>Starts, on the thread pool, one-time work of the process that reading members will need, while an archive is still being opened.</summary>
/// <remarks>
/// <para>
/// The first CRC-32 in a process loads System.IO.Hashing and resolves its code: about 1 ms on the benchmark machine.
/// Without this the first member read paid it on the critical path (with its other core waiting on the loader lock),
/// so loading one archive in a fresh process, the common case of a script, was 1 ms slower than it needs to be.
/// Started when an archive is opened, the load overlaps the reading and parsing of the central directory, and it
/// starts the pool's first worker thread, which the parallel member reads need anyway.
/// </para>
/// <para>
/// Nothing depends on it: a member read that comes first simply does the load itself (the runtime's loader lock makes
/// the two wait for each other, never fail). Done once per process; skipped on a single core, where there is nothing
/// to overlap with.
/// </para>
/// </remarks>
internal static class ColdStart
{
    private static int s_started;

    /// <summary>Queues the warm-up the first time it is called in the process; later calls return at once.</summary>
    public static void Begin()
    {
        if (Environment.ProcessorCount > 1 && Interlocked.Exchange(ref s_started, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Warm(), null);
        }
    }

    private static void Warm()
    {
        // Long enough to take the vectorized path that member data takes.
        Span<byte> probe = stackalloc byte[256];
        probe.Clear();
        _ = Crc32.HashToUInt32(probe);
    }
}
