namespace Npy.Cli.Formatting;

/// <summary>One row of <c>npy ls</c>: a member and what its header says.</summary>
/// <param name="Name">The key (member name without <c>.npy</c>).</param>
/// <param name="DType">The dtype's descr as NumPy writes it; <see langword="null"/> for a member that is not an array.</param>
/// <param name="Shape">The dimensions; <see langword="null"/> for a member that is not an array.</param>
/// <param name="FortranOrder">Whether the data is in Fortran order; <see langword="null"/> for a member that is not an array.</param>
/// <param name="NBytes">The array's data bytes (NumPy's <c>nbytes</c>); the member's size for a member that is not an array.</param>
/// <param name="CompressedBytes">The bytes the member takes in the file.</param>
/// <param name="Size">The member's uncompressed bytes (header included).</param>
/// <param name="Method"><c>stored</c> or <c>deflate</c>; <see langword="null"/> for a <c>.npy</c> file.</param>
internal sealed record ListingRow(string Name, string? DType, IReadOnlyList<long>? Shape, bool? FortranOrder, long NBytes, long CompressedBytes, long Size, string? Method);
