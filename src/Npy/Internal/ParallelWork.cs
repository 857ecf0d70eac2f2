namespace Npy.Internal;

/// <summary>Runs loop bodies on all cores while keeping the library's exception vocabulary.</summary>
internal static class ParallelWork
{
    /// <summary>Runs <paramref name="body"/> for each index in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>).</summary>
    /// <remarks>A failure surfaces as the body's own exception (the first one), not as <see cref="AggregateException"/>.</remarks>
    public static void For(int fromInclusive, int toExclusive, int maxDegreeOfParallelism, Action<int> body, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism };
        try
        {
            Parallel.For(fromInclusive, toExclusive, options, body);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
        }
    }
}
