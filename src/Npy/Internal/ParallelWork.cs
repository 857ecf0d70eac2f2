using System.Runtime.ExceptionServices;

namespace Npy.Internal;

/// <summary>Runs loop bodies on all cores while keeping the library's exception vocabulary.</summary>
/// <remarks>
/// A small loop of its own rather than <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>: indices are
/// claimed in batches (20,000 tiny members cost one interlocked step per batch, not per member), the calling thread
/// works too, nothing generic needs compiling at run time, and the helpers run on the library's own threads
/// (<see cref="HelperThreads"/>), which start far faster than the thread pool; all of this matters to a process that
/// loads one archive.
/// </remarks>
internal static class ParallelWork
{
    /// <summary>Runs <paramref name="body"/> for each index in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>).</summary>
    /// <remarks>
    /// A failure surfaces as the body's own exception (the first one), not as <see cref="AggregateException"/>; the
    /// other workers stop after the index they are running. Cancellation raises <see cref="OperationCanceledException"/>.
    /// </remarks>
    public static void For(int fromInclusive, int toExclusive, int maxDegreeOfParallelism, Action<int> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        cancellationToken.ThrowIfCancellationRequested();
        int count = toExclusive - fromInclusive;
        if (count <= 0)
        {
            return;
        }

        int workers = Math.Min(Math.Max(maxDegreeOfParallelism, 1), count);
        int batch = Math.Clamp(count / (workers * 64), 1, 32);
        var loop = new Loop(fromInclusive, toExclusive, batch, body, cancellationToken);
        for (int i = 1; i < workers; i++)
        {
            HelperThreads.Queue(loop);
        }

        loop.RunOnCaller();
        if (loop.Failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>The shared state of one loop; each worker (the caller and the queued helpers) claims batches until none are left.</summary>
    private sealed class Loop(int from, int to, int batch, Action<int> body, CancellationToken cancellationToken) : IThreadPoolWorkItem
    {
        private readonly object _gate = new();
        private readonly int _from = from;
        private int _next = from;
        private int _active = 1;
        private Exception? _failure;

        public Exception? Failure => Volatile.Read(ref _failure);

        /// <summary>Runs as a helper on a helper thread; a helper that starts after the work is gone returns at once.</summary>
        public void Execute()
        {
            lock (_gate)
            {
                _active++;
            }

            try
            {
                Work();
            }
            finally
            {
                Leave();
            }
        }

        /// <summary>Works on the calling thread, then waits for helpers still inside a batch (never for helpers not yet started).</summary>
        public void RunOnCaller()
        {
            try
            {
                Work();
            }
            finally
            {
                Leave();
                lock (_gate)
                {
                    while (_active > 0)
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
        }

        private void Work()
        {
            while (true)
            {
                int start = Interlocked.Add(ref _next, batch) - batch;
                if (start >= to || start < _from)
                {
                    return;
                }

                int end = Math.Min(start + batch, to);
                for (int i = start; i < end; i++)
                {
                    if (Volatile.Read(ref _failure) is not null)
                    {
                        return;
                    }

                    try
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        body(i);
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref _failure, e, null);
                        Volatile.Write(ref _next, to);
                        return;
                    }
                }
            }
        }

        private void Leave()
        {
            lock (_gate)
            {
                if (--_active == 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
