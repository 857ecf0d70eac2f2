using Npy.Compression;

namespace Npy.Zip;

/// <summary>One of two members whose rest <see cref="ZipReader.ReadRestPair"/> reads at once: its inflater, the CRC-32 of the head already read through it, and where the rest goes.</summary>
internal readonly record struct PairedRest(ZipEntry Entry, Inflater Source, uint HeadCrc, Memory<byte> Destination);
