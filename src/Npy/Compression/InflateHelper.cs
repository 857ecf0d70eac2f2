using System.IO.Compression;

namespace Npy.Compression;

/// <summary>Reads inflated bytes with exact-size checks, turning every decoder failure into <see cref="NpzFormatException"/>.</summary>
internal static class InflateHelper
{
    /// <summary>How many bytes are produced between two cancellation checks.</summary>
    public const int CancellationStride = 1 << 20;

    /// <summary>Opens a raw deflate decoder over <paramref name="compressed"/>.</summary>
    public static DeflateStream OpenRawInflater(Stream compressed, bool leaveOpen) =>
        new(compressed, CompressionMode.Decompress, leaveOpen);

    /// <summary>Fills <paramref name="destination"/> from a decoder or stored stream; fails if the data ends first.</summary>
    public static void ReadExactly(Stream source, Span<byte> destination, string memberName, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read = ReadSome(source, destination[..Math.Min(destination.Length, CancellationStride)], memberName);
            if (read == 0)
            {
                throw new NpzFormatException($"Unexpected end of compressed data in '{memberName}'.");
            }

            destination = destination[read..];
        }
    }

    /// <summary>Checks that a decoder has nothing left to produce: a member must not inflate past its declared size.</summary>
    public static void ExpectEnd(Stream source, string memberName)
    {
        Span<byte> probe = stackalloc byte[1];
        if (ReadSome(source, probe, memberName) != 0)
        {
            throw new NpzFormatException($"Member '{memberName}' inflates beyond its declared size.");
        }
    }

    /// <summary>Fills two destinations from two decoders at once (<see cref="Inflater.ReadPair"/>); fails if either's data ends first.</summary>
    /// <remarks>Failures are raised as reading the first, then the second, would raise them: the first member's first.</remarks>
    public static void ReadExactly(Inflater first, Span<byte> firstDestination, string firstName, Inflater second, Span<byte> secondDestination, string secondName)
    {
        int read;
        int secondRead;
        try
        {
            (read, secondRead) = Inflater.ReadPair(first, firstDestination, second, secondDestination);
        }
        catch (InvalidDataException ex)
        {
            string name = first.Faulted ? firstName : secondName;
            throw new NpzFormatException($"Corrupt compressed data in '{name}': {ex.Message}", ex);
        }

        if (read < firstDestination.Length || secondRead < secondDestination.Length)
        {
            throw new NpzFormatException($"Unexpected end of compressed data in '{(read < firstDestination.Length ? firstName : secondName)}'.");
        }
    }

    /// <summary>Reads once, mapping the decoder's own corruption error to <see cref="NpzFormatException"/>.</summary>
    public static int ReadSome(Stream source, Span<byte> destination, string memberName)
    {
        try
        {
            return source.Read(destination);
        }
        catch (InvalidDataException ex)
        {
            throw new NpzFormatException($"Corrupt compressed data in '{memberName}': {ex.Message}", ex);
        }
    }
}
