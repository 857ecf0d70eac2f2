namespace Npy.Zip;

/// <summary>The zip compression methods this library writes and reads.</summary>
internal enum ZipCompressionMethod : ushort
{
    /// <summary>No compression (method 0), what <c>np.savez</c> writes.</summary>
    Stored = 0,

    /// <summary>Raw deflate (method 8), what <c>np.savez_compressed</c> writes.</summary>
    Deflate = 8,
}
