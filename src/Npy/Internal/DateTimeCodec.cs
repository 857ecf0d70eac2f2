namespace Npy.Internal;

/// <summary>Converts between .NET <see cref="DateTime"/>/<see cref="TimeSpan"/> and NumPy's int64 counts of a unit since 1970-01-01.</summary>
/// <remarks>
/// .NET resolves 100 ns ticks: finer units (ns, ps, fs, as) are truncated toward the past on read. Calendar units
/// (<c>Y</c>, <c>M</c>) count years and months since 1970. NaT is <see cref="long.MinValue"/>.
/// </remarks>
internal static class DateTimeCodec
{
    public const long NaT = long.MinValue;

    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Converts a count of <paramref name="multiplier"/>×<paramref name="unit"/> since the epoch to a time.</summary>
    /// <exception cref="NpyTypeMismatchException">The value lies outside <see cref="DateTime"/>'s range (years 1–9999) or the unit is generic.</exception>
    public static DateTime ToDateTime(long count, string? unit, int multiplier)
    {
        try
        {
            long n = checked(count * multiplier);
            return unit switch
            {
                "Y" => Epoch.AddYears(checked((int)n)),
                "M" => Epoch.AddMonths(checked((int)n)),
                _ => Epoch.AddTicks(ToTicks(n, unit)),
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new NpyTypeMismatchException($"The datetime64 value {count} × {multiplier}{unit} lies outside DateTime's range (years 1 to 9999).", e);
        }
    }

    /// <summary>Converts a count of <paramref name="multiplier"/>×<paramref name="unit"/> to a duration.</summary>
    /// <exception cref="NpyTypeMismatchException">The value does not fit a <see cref="TimeSpan"/> or the unit is calendar-based or generic.</exception>
    public static TimeSpan ToTimeSpan(long count, string? unit, int multiplier)
    {
        if (unit is "Y" or "M")
        {
            throw new NpyTypeMismatchException($"timedelta64[{unit}] is a calendar duration and has no fixed TimeSpan; read the raw counts as long.");
        }

        try
        {
            return TimeSpan.FromTicks(ToTicks(checked(count * multiplier), unit));
        }
        catch (OverflowException e)
        {
            throw new NpyTypeMismatchException($"The timedelta64 value {count} × {multiplier}{unit} does not fit a TimeSpan.", e);
        }
    }

    /// <summary>Converts a time to a count of the unit since the epoch, truncated toward the past.</summary>
    public static long ToCount(DateTime value, string unit)
    {
        DateTime naive = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        switch (unit)
        {
            case "Y":
                return naive.Year - 1970;
            case "M":
                return ((naive.Year - 1970) * 12L) + naive.Month - 1;
            default:
                return FromTicks(naive.Ticks - Epoch.Ticks, unit);
        }
    }

    /// <summary>Converts a duration to a count of the unit, truncated toward negative infinity.</summary>
    public static long ToCount(TimeSpan value, string unit)
    {
        if (unit is "Y" or "M")
        {
            throw new ArgumentException($"A TimeSpan cannot be stored in calendar unit '{unit}'.", nameof(unit));
        }

        return FromTicks(value.Ticks, unit);
    }

    private static long ToTicks(long n, string? unit) => unit switch
    {
        "W" => checked(n * TimeSpan.TicksPerDay * 7),
        "D" => checked(n * TimeSpan.TicksPerDay),
        "h" => checked(n * TimeSpan.TicksPerHour),
        "m" => checked(n * TimeSpan.TicksPerMinute),
        "s" => checked(n * TimeSpan.TicksPerSecond),
        "ms" => checked(n * TimeSpan.TicksPerMillisecond),
        "us" => checked(n * 10),
        "ns" => FloorDiv(n, 100),
        "ps" => FloorDiv(n, 100_000),
        "fs" => FloorDiv(n, 100_000_000),
        "as" => FloorDiv(n, 100_000_000_000),
        _ => throw new NpyTypeMismatchException($"A generic datetime64/timedelta64 (no unit) has no fixed time scale; read the raw counts as long."),
    };

    private static long FromTicks(long ticks, string unit) => unit switch
    {
        "W" => FloorDiv(ticks, TimeSpan.TicksPerDay * 7),
        "D" => FloorDiv(ticks, TimeSpan.TicksPerDay),
        "h" => FloorDiv(ticks, TimeSpan.TicksPerHour),
        "m" => FloorDiv(ticks, TimeSpan.TicksPerMinute),
        "s" => FloorDiv(ticks, TimeSpan.TicksPerSecond),
        "ms" => FloorDiv(ticks, TimeSpan.TicksPerMillisecond),
        "us" => FloorDiv(ticks, 10),
        "ns" => checked(ticks * 100),
        "ps" => checked(ticks * 100_000),
        "fs" => checked(ticks * 100_000_000),
        "as" => checked(ticks * 100_000_000_000),
        _ => throw new ArgumentException($"'{unit}' is not a datetime64 unit.", nameof(unit)),
    };

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
