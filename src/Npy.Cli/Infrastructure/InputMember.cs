namespace Npy.Cli.Infrastructure;

/// <summary>One member of an input: the single array of a <c>.npy</c>, or one member of a <c>.npz</c>.</summary>
/// <param name="Name">The key: the member name without <c>.npy</c> (the file name without <c>.npy</c> for a <c>.npy</c> file).</param>
/// <param name="MemberName">The full member name in the archive (the file name for a <c>.npy</c> file).</param>
/// <param name="Size">The uncompressed bytes of the member (the whole <c>.npy</c>, header included).</param>
/// <param name="CompressedSize">The bytes the member takes in the file.</param>
/// <param name="Method"><c>stored</c> or <c>deflate</c>; <see langword="null"/> for a <c>.npy</c> file.</param>
internal sealed record InputMember(string Name, string MemberName, long Size, long CompressedSize, string? Method);
