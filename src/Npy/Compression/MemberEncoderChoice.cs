namespace Npy.Compression;

/// <summary>
/// Which encoder deflates the chunks of one member at level 6: zlib-ng, or <see cref="LongMatchEncoder"/> when it
/// produced no more bytes than zlib-ng on the member's first chunk. Settled once, by the first chunk; read from any
/// thread. Also carries the window zlib-ng uses for the member (<see cref="SmallWindow"/>), decided before any chunk
/// is encoded.
/// </summary>
/// <remarks>
/// Every chunk's encoding follows from the member's bytes alone, so an archive is the same whatever the scheduling:
/// a later chunk that starts before the first one is settled encodes itself with <see cref="LongMatchEncoder"/>
/// meanwhile, then waits for the outcome (<see cref="WaitUsesLongMatch"/>) before it keeps that segment or deflates
/// again with zlib-ng.
/// </remarks>
internal sealed class MemberEncoderChoice
{
    private const int Unsettled = 0;
    private const int Zlib = 1;
    private const int LongMatch = 2;

    private readonly object _gate = new();
    private int _state;

    /// <summary>Gets a value indicating whether zlib-ng deflates the member's chunks with the small window (see <see cref="DeflateChunkEncoder.PrefersSmallWindow"/>).</summary>
    public bool SmallWindow { get; init; }

    /// <summary>Records the first chunk's outcome; later calls change nothing.</summary>
    public void Settle(bool longMatch)
    {
        lock (_gate)
        {
            if (_state == Unsettled)
            {
                _state = longMatch ? LongMatch : Zlib;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Gets a value indicating whether the first chunk has settled the choice.</summary>
    public bool IsSettled => Volatile.Read(ref _state) != Unsettled;

    /// <summary>Waits until the first chunk has settled the choice and returns whether it chose <see cref="LongMatchEncoder"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public bool WaitUsesLongMatch(CancellationToken cancellationToken)
    {
        int state = Volatile.Read(ref _state);
        if (state == Unsettled)
        {
            // Cancellation wakes the waiter; it takes the lock to pulse, so it cannot slip in before the wait.
            using var registration = cancellationToken.UnsafeRegister(static gate => { lock (gate!) { Monitor.PulseAll(gate); } }, _gate);
            lock (_gate)
            {
                while (_state == Unsettled)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(_gate);
                }

                state = _state;
            }
        }

        return state == LongMatch;
    }
}
