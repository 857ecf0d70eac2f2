using System.CommandLine;

namespace Npy.Cli.Infrastructure;

/// <summary>The command-line flags that raise the limits of <see cref="NpyLimits"/>.</summary>
/// <remarks>
/// The flag names are those the library's <see cref="NpyLimitExceededException.CliFlag"/> messages quote, so the
/// advice in an error message can be pasted back onto the command line.
/// </remarks>
internal sealed class CliLimits
{
    public const string MaxHeaderBytesFlag = "--max-header-bytes";
    public const string MaxNestingDepthFlag = "--max-nesting-depth";
    public const string MaxDimensionsFlag = "--max-dims";
    public const string MaxItemSizeFlag = "--max-item-size";
    public const string MaxArrayBytesFlag = "--max-array-bytes";
    public const string MaxTotalBytesFlag = "--max-total-bytes";
    public const string MaxMembersFlag = "--max-members";
    public const string MaxCentralDirectoryBytesFlag = "--max-central-directory-bytes";
    public const string MaxNameLengthFlag = "--max-name-length";
    public const string TrustedFlag = "--trusted";

    private readonly Option<int?> _maxHeaderBytes = Make<int?>(MaxHeaderBytesFlag, "Largest .npy header accepted, in bytes (default 10000, NumPy's).");
    private readonly Option<int?> _maxNestingDepth = Make<int?>(MaxNestingDepthFlag, "Deepest nesting of structured dtypes accepted (default 32).");
    private readonly Option<int?> _maxDimensions = Make<int?>(MaxDimensionsFlag, "Most dimensions an array may have (default 64).", "--max-dimensions");
    private readonly Option<long?> _maxItemSize = Make<long?>(MaxItemSizeFlag, "Largest dtype item size accepted, in bytes (default 1 MiB).");
    private readonly Option<long?> _maxArrayBytes = Make<long?>(MaxArrayBytesFlag, "Largest array accepted, in bytes (default 2 GiB).");
    private readonly Option<long?> _maxTotalBytes = Make<long?>(MaxTotalBytesFlag, "Most bytes one archive may decompress to (default 16 GiB).");
    private readonly Option<int?> _maxMembers = Make<int?>(MaxMembersFlag, "Most members an archive may list (default 65535).");
    private readonly Option<long?> _maxCentralDirectoryBytes = Make<long?>(MaxCentralDirectoryBytesFlag, "Largest zip central directory accepted, in bytes (default 32 MiB).");
    private readonly Option<int?> _maxNameLength = Make<int?>(MaxNameLengthFlag, "Longest member name accepted, in bytes (default 4096).");
    private readonly Option<bool> _trusted = new(TrustedFlag)
    {
        Description = "Lift every configurable limit (for files you produced yourself).",
        Recursive = true,
    };

    /// <summary>Gets the options, to be added to the root command (they apply to every command).</summary>
    public IEnumerable<Option> Options =>
    [
        _maxHeaderBytes, _maxNestingDepth, _maxDimensions, _maxItemSize, _maxArrayBytes, _maxTotalBytes, _maxMembers,
        _maxCentralDirectoryBytes, _maxNameLength, _trusted,
    ];

    /// <summary>Builds the limits the command line asks for.</summary>
    public NpyLimits Resolve(ParseResult result)
    {
        NpyLimits limits = result.GetValue(_trusted) ? NpyLimits.Trusted : NpyLimits.Default;
        try
        {
            // A flag not given keeps the preset's value.
            limits = limits with
            {
                MaxHeaderBytes = result.GetValue(_maxHeaderBytes) ?? limits.MaxHeaderBytes,
                MaxNestingDepth = result.GetValue(_maxNestingDepth) ?? limits.MaxNestingDepth,
                MaxDimensions = result.GetValue(_maxDimensions) ?? limits.MaxDimensions,
                MaxItemSize = result.GetValue(_maxItemSize) ?? limits.MaxItemSize,
                MaxArrayBytes = result.GetValue(_maxArrayBytes) ?? limits.MaxArrayBytes,
                MaxTotalBytes = result.GetValue(_maxTotalBytes) ?? limits.MaxTotalBytes,
                MaxMembers = result.GetValue(_maxMembers) ?? limits.MaxMembers,
                MaxCentralDirectoryBytes = result.GetValue(_maxCentralDirectoryBytes) ?? limits.MaxCentralDirectoryBytes,
                MaxNameLength = result.GetValue(_maxNameLength) ?? limits.MaxNameLength,
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new UsageException("Every limit must be a positive number.");
        }

        return limits;
    }

    private static Option<T> Make<T>(string name, string description, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        Recursive = true,
        HelpName = "N",
    };
}
