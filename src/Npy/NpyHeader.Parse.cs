using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Unicode;
using Npy.Format;

namespace Npy;

public sealed partial class NpyHeader
{
    private static readonly string[] s_keys = ["descr", "fortran_order", "shape"];

    /// <summary>Tells whether bytes start with the <c>.npy</c> magic <c>\x93NUMPY</c>.</summary>
    public static bool IsNpyMagic(ReadOnlySpan<byte> start) => start.StartsWith(NpyConstants.Magic);

    /// <summary>Reads the fixed part of a prefix and returns the total prefix length (10 or 12 + HEADER_LEN).</summary>
    /// <param name="start">The first bytes of a <c>.npy</c> (10 suffice for v1, 12 for v2/v3).</param>
    /// <param name="limits">The limits to apply; null for <see cref="NpyLimits.Default"/>.</param>
    /// <param name="prefixLength">The number of bytes before the data.</param>
    /// <returns>False if more bytes are needed to tell.</returns>
    /// <exception cref="NpyFormatException">The magic is wrong.</exception>
    /// <exception cref="NotSupportedException">The version is not 1.0, 2.0 or 3.0.</exception>
    /// <exception cref="NpyLimitExceededException">HEADER_LEN exceeds <see cref="NpyLimits.MaxHeaderBytes"/> (checked before anything is allocated).</exception>
    public static bool TryGetPrefixLength(ReadOnlySpan<byte> start, NpyLimits? limits, out int prefixLength)
    {
        limits ??= NpyLimits.Default;
        prefixLength = 0;
        int known = Math.Min(start.Length, NpyConstants.MagicLength);
        if (!start[..known].SequenceEqual(NpyConstants.Magic[..known]))
        {
            throw new NpyFormatException($"Not a .npy: bad magic {FormatBytes(start[..Math.Min(start.Length, 8)])}; expected 93 4E 55 4D 50 59 (\\x93NUMPY).");
        }

        if (start.Length < NpyConstants.HeaderLengthOffset)
        {
            return false;
        }

        byte major = start[6];
        byte minor = start[7];
        if (minor != 0 || major is < 1 or > 3)
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"npy format version {major}.{minor} not supported; only 1.0, 2.0 and 3.0 exist."));
        }

        int fixedLength = NpyConstants.PrefixLengthFor(major);
        if (start.Length < fixedLength)
        {
            return false;
        }

        long headerLength = major == 1
            ? BinaryPrimitives.ReadUInt16LittleEndian(start[NpyConstants.HeaderLengthOffset..])
            : BinaryPrimitives.ReadUInt32LittleEndian(start[NpyConstants.HeaderLengthOffset..]);
        if (headerLength > limits.MaxHeaderBytes)
        {
            throw new NpyLimitExceededException("header length", headerLength, limits.MaxHeaderBytes, nameof(NpyLimits.MaxHeaderBytes), NpyConstants.MaxHeaderBytesFlag);
        }

        if (headerLength > int.MaxValue - fixedLength)
        {
            throw new NpyFormatException(string.Create(CultureInfo.InvariantCulture, $"The declared header length {headerLength} is too large."));
        }

        prefixLength = fixedLength + (int)headerLength;
        return true;
    }

    /// <summary>Parses a complete prefix: magic, version, length and header text, validated as NumPy does (and stricter where noted).</summary>
    /// <param name="prefix">The prefix (at least <see cref="PrefixLength"/> bytes; anything after it is ignored).</param>
    /// <param name="limits">The limits to apply; null for <see cref="NpyLimits.Default"/>.</param>
    /// <remarks>
    /// Stricter than NumPy: duplicate keys, <c>True</c>/<c>False</c> as dimensions, negative dimensions and NUL bytes
    /// are refused. A Python 2 <c>L</c> suffix on ints is accepted in v1/v2 headers only, as NumPy does. Any zero
    /// dimension makes an empty array whatever the other dimensions are.
    /// </remarks>
    /// <exception cref="NpyFormatException">The prefix is truncated or the header is malformed.</exception>
    /// <exception cref="NotSupportedException">The version is not 1.0, 2.0 or 3.0.</exception>
    /// <exception cref="NpyLimitExceededException">A limit of <paramref name="limits"/> is exceeded.</exception>
    public static NpyHeader Parse(ReadOnlySpan<byte> prefix, NpyLimits? limits = null) => ParsePrefix(prefix, limits, canonicalFastPath: true);

    /// <summary>Parses a prefix, optionally without the canonical-layout fast path (tests compare the two).</summary>
    internal static NpyHeader ParsePrefix(ReadOnlySpan<byte> prefix, NpyLimits? limits, bool canonicalFastPath)
    {
        limits ??= NpyLimits.Default;
        if (!TryGetPrefixLength(prefix, limits, out int prefixLength))
        {
            throw new NpyFormatException(string.Create(CultureInfo.InvariantCulture, $"The .npy is too short: {prefix.Length} bytes, not even a complete magic, version and header length."));
        }

        int version = prefix[6];
        int textStart = NpyConstants.PrefixLengthFor(version);
        if (prefix.Length < prefixLength)
        {
            throw new NpyFormatException(string.Create(CultureInfo.InvariantCulture, $"header truncated: declared {prefixLength - textStart}, {prefix.Length - textStart} available."));
        }

        if (canonicalFastPath
            && TryParseCanonical(prefix[textStart..prefixLength], limits, out NpyDType? simpleType, out long[]? simpleDims, out bool simpleFortran)
            && ComputeSizes(simpleDims!, simpleType!.ItemSize, out long simpleCount, out long simpleLength) is null)
        {
            return new NpyHeader(simpleType, simpleDims!, simpleFortran, simpleCount, simpleLength, version, prefixLength);
        }

        string text = Decode(prefix[textStart..prefixLength], version, textStart);
        PyNode root = PyLiteralParser.Parse(text, textStart, utf8: version == 3, allowLongSuffix: version < 3, limits.MaxNestingDepth);
        (PyNode descr, PyNode fortran, PyNode shape) = ReadKeys(root);

        // Checked in NumPy's order (shape, fortran_order, descr), so a header with several faults reports the same one.
        long[] dims = ReadShape(shape, limits);
        if (fortran is not PyConstant { Value: bool fortranOrder })
        {
            throw new NpyFormatException($"fortran_order must be True or False, not {fortran.ToShortRepr()}.");
        }

        NpyDType dtype = DescrConverter.Convert(descr, limits);
        string? problem = ComputeSizes(dims, dtype.ItemSize, out long count, out long length);
        if (problem is not null)
        {
            throw new NpyFormatException($"The header's shape {shape.ToShortRepr()} is invalid: {problem}.");
        }

        return new NpyHeader(dtype, dims, fortranOrder, count, length, version, prefixLength);
    }

    private static string Decode(ReadOnlySpan<byte> bytes, int version, int textStart)
    {
        if (version < 3)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        char[] chars = new char[bytes.Length];
        if (Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done)
        {
            throw new NpyFormatException(string.Create(CultureInfo.InvariantCulture, $"The v3 header is not valid UTF-8 at byte offset {textStart + read}."));
        }

        return new string(chars, 0, written);
    }

    private static (PyNode Descr, PyNode Fortran, PyNode Shape) ReadKeys(PyNode root)
    {
        if (root is not PyDict dict)
        {
            throw new NpyFormatException($"Header is not a dictionary: {root.ToShortRepr()}.");
        }

        var found = new PyNode?[3];
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool wrongKeys = false;
        foreach (KeyValuePair<PyNode, PyNode> entry in dict.Entries)
        {
            string keyText = entry.Key.ToShortRepr();
            int index = entry.Key is PyString { IsBytes: false } k ? Array.IndexOf(s_keys, k.Value) : -1;

            // NumPy lets a later duplicate win; a duplicate key is refused here because two readers could disagree on it.
            if (!seen.Add(keyText))
            {
                throw new NpyFormatException($"duplicate key {keyText} in the header at byte offset {entry.Key.Offset}.");
            }

            keys.Add(keyText);
            if (index < 0)
            {
                wrongKeys = true;
            }
            else
            {
                found[index] = entry.Value;
            }
        }

        if (wrongKeys || Array.IndexOf(found, null) >= 0)
        {
            keys.Sort(StringComparer.Ordinal);
            throw new NpyFormatException($"header must contain exactly the keys descr, fortran_order, shape; found [{string.Join(", ", keys)}].");
        }

        return (found[0]!, found[1]!, found[2]!);
    }

    private static long[] ReadShape(PyNode node, NpyLimits limits)
    {
        if (node is not PySequence { IsTuple: true } tuple)
        {
            throw new NpyFormatException($"shape is not valid: {node.ToShortRepr()} (it must be a tuple of ints).");
        }

        if (tuple.Items.Count > limits.MaxDimensions)
        {
            throw new NpyLimitExceededException("number of dimensions", tuple.Items.Count, limits.MaxDimensions, nameof(NpyLimits.MaxDimensions), NpyConstants.MaxDimensionsFlag);
        }

        long[] dims = new long[tuple.Items.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            // Python bools are ints and NumPy accepts (True,); no writer produces them, so they are refused here.
            if (tuple.Items[i] is not PyInt d)
            {
                throw new NpyFormatException($"shape is not valid: {node.ToShortRepr()} (dimension {i} is {tuple.Items[i].ToShortRepr()}, not an int).");
            }

            if (d.Value.Sign < 0)
            {
                throw new NpyFormatException(string.Create(CultureInfo.InvariantCulture, $"negative dimension {d.Value} at axis {i}."));
            }

            if (d.Value > long.MaxValue)
            {
                throw new NpyFormatException(string.Create(CultureInfo.InvariantCulture, $"dimension {Shorten(d.Value)} at axis {i} is too large: element count overflows."));
            }

            dims[i] = (long)d.Value;
        }

        return dims;
    }

    private static string Shorten(BigInteger value)
    {
        string s = value.ToString(CultureInfo.InvariantCulture);
        return s.Length > 40 ? string.Concat(s.AsSpan(0, 40), "...") : s;
    }

    private static string FormatBytes(ReadOnlySpan<byte> bytes) => bytes.Length == 0 ? "(no bytes)" : Convert.ToHexString(bytes);
}
