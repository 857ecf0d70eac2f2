using System.Globalization;

namespace Npy.Cli.Formatting;

/// <summary>Formats datetime64 counts as NumPy's <c>datetime_as_string</c> does for the dtype's own unit.</summary>
internal static class TimeText
{
    public const long NaT = long.MinValue;

    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Formats a count of <paramref name="multiplier"/> × <paramref name="unit"/> since 1970; falls back to the count when out of range.</summary>
    public static string DateTime(long count, string? unit, int multiplier)
    {
        if (count == NaT)
        {
            return "NaT";
        }

        try
        {
            long n = checked(count * multiplier);
            return unit switch
            {
                "Y" => Epoch.AddYears(checked((int)n)).ToString("yyyy", CultureInfo.InvariantCulture),
                "M" => Epoch.AddMonths(checked((int)n)).ToString("yyyy-MM", CultureInfo.InvariantCulture),
                "W" => Epoch.AddDays(checked(n * 7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "D" => Epoch.AddDays(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "h" => Epoch.AddHours(n).ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture),
                "m" => Epoch.AddMinutes(n).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
                "s" => Epoch.AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                "ms" => Sub(n, 1_000, 3),
                "us" => Sub(n, 1_000_000, 6),
                "ns" => Sub(n, 1_000_000_000, 9),
                "ps" => Sub(n, 1_000_000_000_000, 12),
                "fs" => Sub(n, 1_000_000_000_000_000, 15),
                "as" => Sub(n, 1_000_000_000_000_000_000, 18),
                _ => count.ToString(CultureInfo.InvariantCulture),
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            // Outside the years .NET can show: print the raw count rather than fail.
            return count.ToString(CultureInfo.InvariantCulture) + (unit is null ? string.Empty : " " + unit);
        }
    }

    private static string Sub(long n, long perSecond, int digits)
    {
        long seconds = Math.DivRem(n, perSecond, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += perSecond;
        }

        return Epoch.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "."
            + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }
}
