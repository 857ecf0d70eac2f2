using Npy.Internal;

namespace Npy.Tests.Internal;

public class HelperThreadsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Every_item_queued_from_many_threads_runs_once()
    {
        const int Threads = 4;
        const int PerThread = 500;
        var runs = new int[Threads * PerThread];
        using var done = new CountdownEvent(runs.Length);
        var queuers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                int index = (t * PerThread) + i;
                HelperThreads.Queue(() =>
                {
                    Interlocked.Increment(ref runs[index]);
                    done.Signal();
                });
            }
        })).ToList();
        queuers.ForEach(q => q.Start());
        queuers.ForEach(q => q.Join());

        Assert.True(done.Wait(Patience));
        Assert.All(runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public void Items_run_on_the_librarys_background_threads()
    {
        string? name = null;
        bool background = false;
        using var ran = new ManualResetEventSlim();
        HelperThreads.Queue(() =>
        {
            name = Thread.CurrentThread.Name;
            background = Thread.CurrentThread.IsBackground;
            ran.Set();
        });

        Assert.True(ran.Wait(Patience));
        Assert.Equal("Npy helper", name);
        Assert.True(background);
    }

    [Fact]
    public void A_failing_item_does_not_stop_the_items_after_it()
    {
        using var done = new CountdownEvent(2 * Environment.ProcessorCount);
        for (int i = 0; i < Environment.ProcessorCount; i++)
        {
            HelperThreads.Queue(() => throw new InvalidOperationException("a warm-up failed"));
            HelperThreads.Queue(() => done.Signal());
            HelperThreads.Queue(() => done.Signal());
        }

        Assert.True(done.Wait(Patience));
    }

    [Fact]
    public void Items_queued_while_every_helper_is_busy_run_when_one_is_free()
    {
        // More blocking items than there can be helpers: the rest wait in the queue and must still be picked up.
        int blockers = Environment.ProcessorCount + 2;
        using var gate = new ManualResetEventSlim();
        using var started = new CountdownEvent(blockers);
        using var done = new CountdownEvent(blockers + 3);
        for (int i = 0; i < blockers; i++)
        {
            HelperThreads.Queue(() =>
            {
                started.Signal();
                gate.Wait(Patience);
                done.Signal();
            });
        }

        for (int i = 0; i < 3; i++)
        {
            HelperThreads.Queue(() => done.Signal());
        }

        Assert.False(started.Wait(TimeSpan.FromMilliseconds(200)), "more items ran at once than there are helpers");
        gate.Set();
        Assert.True(done.Wait(Patience));
    }

    [Fact]
    public void A_task_waited_for_while_every_helper_is_busy_runs_on_the_waiting_thread()
    {
        using var gate = new ManualResetEventSlim();
        int blockers = Environment.ProcessorCount + 2;
        using var released = new CountdownEvent(blockers);
        for (int i = 0; i < blockers; i++)
        {
            HelperThreads.Queue(() =>
            {
                gate.Wait(Patience);
                released.Signal();
            });
        }

        try
        {
            // Should the waiter not run it, the helpers are freed after 10 s and one of them runs it: then it fails.
            using var watchdog = new Timer(_ => gate.Set(), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);
            int ranOn = -1;
            Task task = Task.Factory.StartNew(() => ranOn = Environment.CurrentManagedThreadId, CancellationToken.None, TaskCreationOptions.DenyChildAttach, HelperThreads.Scheduler);
#pragma warning disable xUnit1031 // A blocking wait (without a timeout, which rules out inlining) is what is tested.
            task.Wait();
#pragma warning restore xUnit1031
            Assert.Equal(Environment.CurrentManagedThreadId, ranOn);
        }
        finally
        {
            gate.Set();
            Assert.True(released.Wait(Patience));
        }
    }

    [Fact]
    public async Task Tasks_on_the_scheduler_run_on_helper_threads()
    {
        var names = Enumerable.Range(0, 8)
            .Select(_ => Task.Factory.StartNew(() => Thread.CurrentThread.Name, CancellationToken.None, TaskCreationOptions.DenyChildAttach, HelperThreads.Scheduler))
            .ToArray();
        string?[] ran = await Task.WhenAll(names).WaitAsync(Patience);
        Assert.Contains("Npy helper", ran);
    }
}
