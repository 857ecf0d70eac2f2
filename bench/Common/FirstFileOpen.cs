namespace Npy.Bench;

/// <summary>Pays the .NET runtime's one-time cost of a process's first file open before a load's timer starts.</summary>
/// <remarks>
/// The first file a .NET process opens costs it 2-4 ms that no later open does: the runtime compiles its file-handle
/// marshalling then, and starts its JIT. A save pays this reading its inputs before the timer; NumPy's process has
/// opened many files by the time its timer starts. So the .NET runners' loads open the runner's own configuration
/// file first, and time the load rather than the process's first file. <c>NPY_BENCH_COLD_OPEN=1</c> leaves it out.
/// </remarks>
internal static class FirstFileOpen
{
    public static void Warm(string runnerName)
    {
        if (Environment.GetEnvironmentVariable("NPY_BENCH_COLD_OPEN") == "1")
        {
            return;
        }

        string own = Path.Combine(AppContext.BaseDirectory, runnerName + ".runtimeconfig.json");
        using var file = new FileStream(own, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        file.ReadByte();
    }
}
