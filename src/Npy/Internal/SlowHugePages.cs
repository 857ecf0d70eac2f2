namespace Npy.Internal;

/// <summary>
/// Decides, from how long huge pages take to map, when <see cref="FreshPages"/> should map small pages instead: after
/// two slow huge pages close together, for a while. Thread-safe; times are <see cref="System.Diagnostics.Stopwatch"/>
/// timestamps.
/// </summary>
/// <param name="slow">A huge page's span that takes longer than this to map is slow.</param>
/// <param name="pairWindow">Two slow spans at most this far apart switch to small pages.</param>
/// <param name="period">How long small pages are used after a switch.</param>
internal sealed class SlowHugePages(long slow, long pairWindow, long period)
{
    // When the last slow span was mapped (0: none since the last fast whole one), and until when small pages are used.
    // Stopwatch timestamps are positive, so 0 is never a real time.
    private long _lastSlow;
    private long _smallPagesUntil;

    /// <summary>Records that mapping one huge page's span (all of it when <paramref name="whole"/>) took from <paramref name="before"/> to <paramref name="now"/>.</summary>
    /// <returns>Whether this span switched to small pages.</returns>
    /// <remarks>
    /// A slow span counts whatever its size, as mapping part of a huge page allocates all of it; only a fast whole
    /// span clears a slow one, as a part can be fast because its huge page was already mapped.
    /// </remarks>
    public bool Record(long before, long now, bool whole)
    {
        if (now - before > slow)
        {
            long last = Interlocked.Exchange(ref _lastSlow, now);
            if (last != 0 && now - last <= pairWindow)
            {
                Volatile.Write(ref _smallPagesUntil, now + period);
                return true;
            }
        }
        else if (whole)
        {
            Volatile.Write(ref _lastSlow, 0);
        }

        return false;
    }

    /// <summary>Forgets the slow spans and ends a switch to small pages.</summary>
    public void Reset()
    {
        Volatile.Write(ref _lastSlow, 0);
        Volatile.Write(ref _smallPagesUntil, 0);
    }

    /// <summary>Tells whether pages mapped at <paramref name="now"/> should be small.</summary>
    public bool UseSmallPages(long now) => now < Volatile.Read(ref _smallPagesUntil);
}
