namespace Npy;

/// <summary>Bounds what a reader accepts from an untrusted <c>.npy</c> or <c>.npz</c>, checked before anything is allocated.</summary>
/// <remarks>
/// <para>
/// <see cref="Default"/> accepts every file NumPy writes with its default settings and refuses inputs that would cost
/// unreasonable memory or time. <see cref="Trusted"/> lifts the limits for inputs you produced yourself.
/// Some rules have no switch: size arithmetic is always checked, declared sizes never exceed what the input can supply,
/// and a member never inflates past its declared size.
/// </para>
/// <para>Instances are immutable; use <c>with</c> expressions to derive new limits.</para>
/// </remarks>
public sealed record NpyLimits
{
    /// <summary>Gets the limits used when none are given: NumPy's own header limit and conservative resource caps.</summary>
    public static NpyLimits Default { get; } = new();

    /// <summary>Gets limits for trusted inputs: every configurable cap lifted (checked arithmetic and availability checks remain).</summary>
    public static NpyLimits Trusted { get; } = new()
    {
        MaxHeaderBytes = int.MaxValue,
        MaxNestingDepth = 64,
        MaxDimensions = 64,
        MaxItemSize = long.MaxValue,
        MaxArrayBytes = long.MaxValue,
        MaxTotalBytes = long.MaxValue,
        MaxMembers = int.MaxValue,
        MaxCentralDirectoryBytes = long.MaxValue,
        MaxNameLength = 65535,
    };

    /// <summary>Gets the largest <c>.npy</c> header text accepted, in bytes (default 10000, NumPy's <c>max_header_size</c>).</summary>
    public int MaxHeaderBytes { get; init => field = Positive(value); } = 10000;

    /// <summary>Gets the deepest nesting of structured dtypes and literal brackets accepted (default 32).</summary>
    public int MaxNestingDepth { get; init => field = Positive(value); } = 32;

    /// <summary>Gets the most dimensions an array may have (default 64, NumPy 2's <c>NPY_MAXDIMS</c>).</summary>
    public int MaxDimensions { get; init => field = Positive(value); } = 64;

    /// <summary>Gets the largest item size of a dtype accepted, in bytes (default 1 MiB).</summary>
    public long MaxItemSize { get; init => field = Positive(value); } = 1L << 20;

    /// <summary>Gets the largest data size of one array accepted, in bytes (default 2 GiB).</summary>
    public long MaxArrayBytes { get; init => field = Positive(value); } = 1L << 31;

    /// <summary>Gets the most bytes one archive may decompress to across all members read (default 16 GiB).</summary>
    public long MaxTotalBytes { get; init => field = Positive(value); } = 16L << 30;

    /// <summary>Gets the most members an archive may list (default 65535).</summary>
    public int MaxMembers { get; init => field = Positive(value); } = 65535;

    /// <summary>Gets the largest central directory accepted, in bytes (default 32 MiB).</summary>
    public long MaxCentralDirectoryBytes { get; init => field = Positive(value); } = 32L << 20;

    /// <summary>Gets the longest member name accepted, in bytes (default 4096).</summary>
    public int MaxNameLength { get; init => field = Positive(value); } = 4096;

    // Two overloads rather than one generic method over INumber<T>: ahead-of-time compiled code cannot contain the
    // generic one, so every process would compile it at run time on its first use of a limit.
    private static int Positive(int value) => value > 0 ? value : throw NotPositive(value);

    private static long Positive(long value) => value > 0 ? value : throw NotPositive(value);

    private static ArgumentOutOfRangeException NotPositive(object value) =>
        new(nameof(value), value, "A limit must be positive.");
}
