namespace Npy;

/// <summary>How the members of a <c>.npz</c> are stored.</summary>
public enum NpzCompression
{
    /// <summary>Uncompressed, as <c>numpy.savez</c> writes them (byte-identical to NumPy's output).</summary>
    Stored = 0,

    /// <summary>Raw deflate, as <c>numpy.savez_compressed</c> writes them.</summary>
    Deflate = 8,
}
