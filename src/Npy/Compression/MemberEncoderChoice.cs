namespace Npy.Compression;

/// <summary>
/// Which encoder deflates the chunks of one member at level 6: zlib-ng, or <see cref="LongMatchEncoder"/> once it has
/// produced no more bytes than zlib-ng on the member's first chunk.
/// </summary>
/// <remarks>
/// Chunks run concurrently, so those started before the first chunk is settled use zlib-ng. Read and written from
/// any thread.
/// </remarks>
internal sealed class MemberEncoderChoice
{
    private const int Undecided = 0;
    private const int Zlib = 1;
    private const int LongMatch = 2;

    private volatile int _state;

    /// <summary>Gets a value indicating whether the first chunk has not yet settled the choice.</summary>
    public bool IsUndecided => _state == Undecided;

    /// <summary>Gets a value indicating whether the member's chunks go to <see cref="LongMatchEncoder"/>.</summary>
    public bool UsesLongMatch => _state == LongMatch;

    /// <summary>Records the first chunk's outcome.</summary>
    public void Decide(bool longMatch) => _state = longMatch ? LongMatch : Zlib;
}
