namespace Npy.Cli.Infrastructure;

/// <summary>A <c>.npy</c> or <c>.npz</c> opened for reading, told apart by content rather than by name.</summary>
/// <remarks>
/// <c>-</c> reads standard input, spooled to a temporary file first (at most <see cref="NpyLimits.MaxTotalBytes"/>)
/// because reading a <c>.npz</c> needs to seek to its central directory.
/// </remarks>
internal sealed class InputFile : IDisposable
{
    private const int SpoolBufferSize = 1 << 16;

    private readonly FileStream _stream;
    private readonly NpzReader? _archive;
    private readonly NpyLimits _limits;
    private readonly InputMember[] _members;

    private InputFile(string displayName, FileStream stream, NpyLimits limits)
    {
        DisplayName = displayName;
        _stream = stream;
        _limits = limits;
        Span<byte> magic = stackalloc byte[4];
        int n = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        if (n == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6)))
        {
            _archive = NpzReader.Open(stream, limits, leaveOpen: true);
            _members = _archive.Members
                .Select(m => new InputMember(m.Name, m.MemberName, m.Size, m.CompressedSize, m.Compression == NpzCompression.Stored ? "stored" : "deflate"))
                .ToArray();
        }
        else
        {
            string memberName = displayName == "-" ? "arr_0.npy" : Path.GetFileName(displayName);
            string name = memberName.EndsWith(NpyFile.Extension, StringComparison.Ordinal) ? memberName[..^NpyFile.Extension.Length] : memberName;
            _members = [new InputMember(name, memberName, stream.Length, stream.Length, null)];
        }
    }

    /// <summary>Gets the name of the input as the user gave it.</summary>
    public string DisplayName { get; }

    /// <summary>Gets whether the input is a <c>.npz</c> archive.</summary>
    public bool IsArchive => _archive is not null;

    /// <summary>Gets the members in file order.</summary>
    public IReadOnlyList<InputMember> Members => _members;

    /// <summary>Gets the length of the input file in bytes.</summary>
    public long Length => _stream.Length;

    /// <summary>Opens a path, or standard input for <c>-</c>.</summary>
    public static InputFile Open(string path, NpyLimits limits, CliConsole console)
    {
        FileStream stream = path == "-" ? Spool(console, limits) : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return new InputFile(path, stream, limits);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Tells whether a member holds an array (starts with the <c>.npy</c> magic string).</summary>
    public bool IsArray(InputMember member) => _archive is null || Named(member, () => _archive.IsArray(member.MemberName));

    /// <summary>Reads a member's <c>.npy</c> header only.</summary>
    public NpyHeader ReadHeader(InputMember member)
    {
        if (_archive is not null)
        {
            return Named(member, () => _archive.ReadHeader(member.MemberName));
        }

        _stream.Position = 0;
        using var reader = new NpyReader(_stream, _limits, leaveOpen: true);
        return reader.ReadHeader() ?? throw new NpyFormatException("The file is empty.");
    }

    /// <summary>Reads a member's header for listing: like <see cref="ReadHeader"/>, but an object (pickle) array is described rather than refused.</summary>
    /// <remarks>Only the header text is parsed; the pickled data is never touched, and loading such an array still fails.</remarks>
    public NpyHeader ReadHeaderForListing(InputMember member)
    {
        try
        {
            return ReadHeader(member);
        }
        catch (NotSupportedException) when (PeekObjectHeader(member) is { } header)
        {
            return header;
        }
    }

    /// <summary>Reads a member's array (verifying its CRC when it comes from an archive).</summary>
    public NpyArray ReadArray(InputMember member, CancellationToken cancellationToken = default)
    {
        if (_archive is not null)
        {
            return Named(member, () => _archive.Read(member.MemberName, cancellationToken));
        }

        _stream.Position = 0;
        using var reader = new NpyReader(_stream, _limits, leaveOpen: true);
        return reader.ReadNext() ?? throw new NpyFormatException("The file is empty.");
    }

    /// <summary>Copies the data of a <c>.npy</c> file (after its header) to a stream in pieces, reporting progress.</summary>
    /// <exception cref="NpyFormatException">The file holds fewer data bytes than its header declares.</exception>
    public void CopyArrayData(NpyHeader header, Stream destination, Action<long> progress)
    {
        if (_archive is not null)
        {
            throw new InvalidOperationException("Only the data of a .npy file can be copied this way.");
        }

        _stream.Position = 0;
        using (var reader = new NpyReader(_stream, _limits, leaveOpen: true))
        {
            _ = reader.ReadHeader();
        }

        byte[] buffer = new byte[1 << 20];
        long left = header.DataLength;
        while (left > 0)
        {
            int n = _stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0)
            {
                throw new NpyFormatException($"The .npy data is truncated: expected {header.DataLength} bytes, got {header.DataLength - left}.");
            }

            destination.Write(buffer, 0, n);
            left -= n;
            progress(n);
        }
    }

    /// <summary>Gets the bytes that follow the array in a <c>.npy</c> file (NumPy ignores them); call after <see cref="ReadArray"/> or <see cref="CopyArrayData"/>.</summary>
    public long TrailingBytes => _archive is null ? _stream.Length - _stream.Position : 0;

    /// <summary>Reads the raw bytes of a member (whole <c>.npy</c> or any other content), bounded by <see cref="NpyLimits.MaxArrayBytes"/>.</summary>
    public byte[] ReadBytes(InputMember member)
    {
        if (_archive is not null)
        {
            return Named(member, () => _archive.ReadBytes(member.MemberName));
        }

        if (_stream.Length > _limits.MaxArrayBytes || _stream.Length > Array.MaxLength)
        {
            throw new NpyLimitExceededException("file size", _stream.Length, Math.Min(_limits.MaxArrayBytes, Array.MaxLength), nameof(NpyLimits.MaxArrayBytes), CliLimits.MaxArrayBytesFlag);
        }

        _stream.Position = 0;
        var bytes = new byte[_stream.Length];
        _stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Opens an archive member's raw bytes as a stream, verified (CRC and size) as it is read.</summary>
    public Stream OpenRaw(InputMember member) =>
        _archive is not null ? Named(member, () => _archive.OpenMember(member.MemberName)) : throw new InvalidOperationException("A .npy file has no members to open.");

    public void Dispose()
    {
        _archive?.Dispose();
        _stream.Dispose();
    }

    private NpyHeader? PeekObjectHeader(InputMember member)
    {
        try
        {
            Stream source = _archive is not null ? _archive.OpenMember(member.MemberName) : _stream;
            try
            {
                if (_archive is null)
                {
                    _stream.Position = 0;
                }

                byte[] probe = new byte[12];
                int n = source.ReadAtLeast(probe, probe.Length, throwOnEndOfStream: false);
                if (!NpyHeader.TryGetPrefixLength(probe.AsSpan(0, n), _limits, out int prefixLength) || prefixLength > member.Size)
                {
                    return null;
                }

                byte[] prefix = new byte[prefixLength];
                probe.AsSpan(0, Math.Min(n, prefixLength)).CopyTo(prefix);
                if (prefixLength > n && source.ReadAtLeast(prefix.AsSpan(n), prefixLength - n, throwOnEndOfStream: false) < prefixLength - n)
                {
                    return null;
                }

                NpyHeader header = NpyHeader.Parse(prefix, _limits);
                return header.DType.HasObject ? header : null;
            }
            finally
            {
                if (_archive is not null)
                {
                    source.Dispose();
                }
            }
        }
        catch (Exception e) when (e is NpyInvalidDataException or NotSupportedException or IOException)
        {
            // Not an object array after all: the original refusal stands.
            return null;
        }
    }

    /// <summary>Runs an archive read, making sure an error about the member's content names the member.</summary>
    private static T Named<T>(InputMember member, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is NpyInvalidDataException or NotSupportedException && !e.Message.Contains(member.MemberName, StringComparison.Ordinal))
        {
            string message = $"member '{member.MemberName}': {e.Message}";
            throw e switch
            {
                NpzFormatException => new NpzFormatException(message, e),
                NpyFormatException => new NpyFormatException(message, e),
                NpyLimitExceededException => new NpyLimitExceededException(message, e),
                NotSupportedException => new NotSupportedException(message, e),
                _ => new NpyInvalidDataException(message, e),
            };
        }
    }

    private static FileStream Spool(CliConsole console, NpyLimits limits)
    {
        string temp = Path.Combine(Path.GetTempPath(), "npy-stdin-" + Guid.NewGuid().ToString("N"));
        var spool = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, SpoolBufferSize, FileOptions.DeleteOnClose);
        try
        {
            using Stream input = console.OpenStandardInput();
            byte[] buffer = new byte[SpoolBufferSize];
            long total = 0;
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                total += n;
                if (total > limits.MaxTotalBytes)
                {
                    throw new NpyLimitExceededException("standard input size", total, limits.MaxTotalBytes, nameof(NpyLimits.MaxTotalBytes), CliLimits.MaxTotalBytesFlag);
                }

                spool.Write(buffer, 0, n);
            }

            spool.Position = 0;
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }
}
