namespace Npy.Zip;

/// <summary>Work done on each final piece of a member's destination while it is still in cache (see <see cref="ZipMemberReadStream.ReadToEnd"/>).</summary>
/// <param name="piece">Bytes of the destination that will not change again.</param>
internal delegate void PieceAction(Span<byte> piece);
