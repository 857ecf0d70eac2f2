namespace Npy.Internal;

/// <summary>The library's own background threads, which run the helpers of <see cref="ParallelWork"/>, the compressed writer's chunk jobs and one-time warm-ups.</summary>
/// <remarks>
/// <para>
/// Why not the thread pool: a process's first work item costs its caller 1–4 ms (the pool's assemblies load, its
/// gate and worker threads start), which is a fifth of a 64 MiB stored load; starting a thread of our own costs about
/// 0.3 ms, and once started the threads wait for work and wake in microseconds.
/// </para>
/// <para>
/// At most one thread per core is started, when work is queued and none is idle; they live for the rest of the
/// process (background threads, so they never hold it open). Work that finds every thread busy waits in the queue:
/// <see cref="ParallelWork"/>'s callers do all their loop's work themselves when no helper comes, so a full queue only
/// costs speed. Items must not throw; a failure escaping one is dropped rather than allowed to end the process.
/// </para>
/// </remarks>
internal static class HelperThreads
{
    private static readonly Queue<IThreadPoolWorkItem> Work = new();
    private static readonly int MaxThreads = Math.Clamp(Environment.ProcessorCount, 1, 64);

    // Both guarded by Work. Idle counts the threads waiting for work that no Queue has woken yet.
    private static int _threads;
    private static int _idle;

    /// <summary>Runs <paramref name="item"/> on a helper thread as soon as one is free.</summary>
    public static void Queue(IThreadPoolWorkItem item)
    {
        lock (Work)
        {
            Work.Enqueue(item);
            if (_idle > 0)
            {
                _idle--;
                Monitor.Pulse(Work);
                return;
            }

            if (_threads == MaxThreads)
            {
                return;
            }

            _threads++;
        }

        var thread = new Thread(Run) { IsBackground = true, Name = "Npy helper" };
        thread.UnsafeStart();
    }

    /// <summary>Runs <paramref name="action"/> on a helper thread as soon as one is free (failures are dropped: for best-effort work only).</summary>
    public static void Queue(Action action) => Queue(new ActionItem(action));

    /// <summary>Gets a scheduler that runs tasks on the helper threads, or on a thread that waits for one not yet started.</summary>
    /// <remarks>
    /// For tasks that never wait for other tasks (the compressed writer's chunk jobs, the split decoder's rounds): a
    /// waiter runs a task no helper has taken yet itself (inlining), so nothing can deadlock on the helpers' number.
    /// The tasks beside a single-stream inflate (piece hashing, page mapping) measured slower here and stay on the
    /// thread pool.
    /// </remarks>
    public static TaskScheduler Scheduler { get; } = new HelperTaskScheduler();

    private static void Run()
    {
        while (true)
        {
            IThreadPoolWorkItem item;
            lock (Work)
            {
                while (Work.Count == 0)
                {
                    _idle++;
                    Monitor.Wait(Work);
                }

                item = Work.Dequeue();
            }

            try
            {
                item.Execute();
            }
            catch (Exception)
            {
                // Loops record their own failures for their callers; a warm-up that fails has only failed to help.
            }
        }
    }

    private sealed class ActionItem(Action action) : IThreadPoolWorkItem
    {
        public void Execute() => action();
    }

    private sealed class HelperTaskScheduler : TaskScheduler
    {
        public override int MaximumConcurrencyLevel => MaxThreads;

        protected override void QueueTask(Task task) => Queue(new TaskItem(this, task));

        // The queued item later finds the task done and does nothing.
        protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);

        protected override IEnumerable<Task>? GetScheduledTasks() => null;

        private sealed class TaskItem(HelperTaskScheduler scheduler, Task task) : IThreadPoolWorkItem
        {
            public void Execute() => scheduler.TryExecuteTask(task);
        }
    }
}
