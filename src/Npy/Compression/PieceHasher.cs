using System.IO.Hashing;

namespace Npy.Compression;

/// <summary>Hashes a destination filled front to back in 4 MiB pieces (<see cref="Crc32Combine.PieceLength"/>), each on the thread pool as soon as it is final.</summary>
/// <remarks>
/// An inflater fills its destination on one core; hashing each finished piece elsewhere, while it is still in cache,
/// keeps the CRC-32 off that core. The tasks are plain actions writing into an array: a <c>Task&lt;uint&gt;</c> per
/// piece would be compiled at run time even in a ReadyToRun build.
/// </remarks>
internal sealed class PieceHasher(Memory<byte> destination)
{
    private readonly uint[] _crcs = new uint[Crc32Combine.PieceCount(destination.Length)];
    private readonly Task[] _tasks = new Task[Crc32Combine.PieceCount(destination.Length)];
    private int _started;

    /// <summary>Starts hashing every piece that lies wholly within the first <paramref name="written"/> bytes.</summary>
    public void Completed(int written)
    {
        for (; _started < _tasks.Length && Math.Min((long)(_started + 1) * Crc32Combine.PieceLength, destination.Length) <= written; _started++)
        {
            int index = _started;
            // A statement body: an expression body (the assignment) would make this a Task<uint>.
            _tasks[index] = Task.Run(() => { _crcs[index] = Crc32.HashToUInt32(Crc32Combine.Piece(destination.Span, index)); }, CancellationToken.None);
        }
    }

    /// <summary>Waits for the pieces started so far (after a failure: nothing may still read the destination then).</summary>
    public void WaitStarted() => Task.WaitAll(_tasks.AsSpan(0, _started));

    /// <summary>Waits for all pieces and returns the CRC-32 of the whole destination, which must have been completed.</summary>
    public uint Result()
    {
        WaitStarted();
        if (_started != _tasks.Length)
        {
            throw new InvalidOperationException("The destination was not completed.");
        }

        return Crc32Combine.CombinePieces(_crcs, destination.Length);
    }
}
