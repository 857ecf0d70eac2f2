using System.CommandLine;
using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary>The options shared by the commands that write archives: compression, level, threads, <c>--no-flush</c> and <c>--force</c>.</summary>
internal sealed class WriteOptions
{
    public WriteOptions(bool withCompress)
    {
        Compress = withCompress ? new Option<bool>("--compress") { Description = "Deflate the members (as numpy.savez_compressed)." } : null;
    }

    public Option<bool>? Compress { get; }

    public Option<bool> Store { get; } = new("--store") { Description = "Store the members uncompressed (as numpy.savez)." };

    public Option<int?> Level { get; } = new("--level") { Description = "Deflate level, 0 (fastest) to 9 (smallest); default 6, NumPy's.", HelpName = "0-9" };

    public Option<int?> Threads { get; } = new("--threads") { Description = "Cores to compress on (default: all).", HelpName = "N" };

    public Option<bool> NoFlush { get; } = new("--no-flush") { Description = "Do not wait for the output to reach the disk (still replaced atomically; for files that can be regenerated)." };

    public Option<bool> Force { get; } = new("--force", "-f") { Description = "Replace an existing output file (atomically)." };

    public void AddTo(Command command)
    {
        if (Compress is not null)
        {
            command.Options.Add(Compress);
        }

        command.Options.Add(Store);
        command.Options.Add(Level);
        command.Options.Add(Threads);
        command.Options.Add(NoFlush);
        command.Options.Add(Force);
    }

    /// <summary>Gets whether the user chose a compression explicitly.</summary>
    public bool ExplicitCompression(ParseResult parse) =>
        (Compress is not null && parse.GetValue(Compress)) || parse.GetValue(Store) || parse.GetValue(Level) is not null;

    /// <summary>Resolves the writer settings; <paramref name="compressByDefault"/> applies when neither --store nor --compress nor --level is given.</summary>
    public NpzWriterOptions Resolve(ParseResult parse, bool compressByDefault)
    {
        bool compress = Compress is not null && parse.GetValue(Compress);
        bool store = parse.GetValue(Store);
        int? level = parse.GetValue(Level);
        if (level is < 0 or > 9)
        {
            throw new UsageException("--level must be 0 to 9.");
        }

        if (parse.GetValue(Threads) is < 1)
        {
            throw new UsageException("--threads must be at least 1.");
        }

        if (compress && store)
        {
            throw new UsageException("--compress and --store exclude each other.");
        }

        if (store && level is not null)
        {
            throw new UsageException("--level applies to compressed members; it cannot be used with --store.");
        }

        bool deflate = compress || level is not null || (!store && compressByDefault);
        var options = deflate ? NpzWriterOptions.Compressed : NpzWriterOptions.Stored;
        if (level is int l)
        {
            options = options with { CompressionLevel = l };
        }

        if (parse.GetValue(Threads) is int t)
        {
            options = options with { MaxDegreeOfParallelism = t };
        }

        if (parse.GetValue(NoFlush))
        {
            options = options with { FlushToDisk = false };
        }

        return options;
    }
}
