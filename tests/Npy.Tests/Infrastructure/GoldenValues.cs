using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Npy.Tests.Infrastructure;

/// <summary>Decodes the "values" encoding of golden.json (see TestData/README.md).</summary>
internal static class GoldenValues
{
    /// <summary>Returns the elements of a values tree of the given rank in C order (a 0-d scalar yields itself).</summary>
    public static IEnumerable<JsonElement> Flatten(JsonElement values, int rank)
    {
        // Explicit stack; the depth is the rank, so complex [re, im] pairs below it stay whole.
        var stack = new Stack<(JsonElement Node, int Depth)>();
        stack.Push((values, 0));
        while (stack.Count > 0)
        {
            (JsonElement node, int depth) = stack.Pop();
            if (depth == rank)
            {
                yield return node;
                continue;
            }

            for (int i = node.GetArrayLength() - 1; i >= 0; i--)
            {
                stack.Push((node[i], depth + 1));
            }
        }
    }

    /// <summary>Parses a float given as Python repr text ("nan", "inf", "-inf", "-0.0", "1e-45").</summary>
    public static double ParseDouble(JsonElement e) => ParseDouble(e.GetString()!);

    /// <summary>Parses a float given as Python repr text ("nan", "inf", "-inf", "-0.0", "1e-45").</summary>
    public static double ParseDouble(string text) => text switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a complex value given as [re, im] repr texts.</summary>
    public static (double Real, double Imaginary) ParseComplex(JsonElement e)
        => (ParseDouble(e[0]), ParseDouble(e[1]));

    /// <summary>Returns the bytes of an S or V value (text char N = byte N).</summary>
    public static byte[] Latin1Bytes(JsonElement e) => Encoding.Latin1.GetBytes(e.GetString()!);

    /// <summary>Returns a datetime64/timedelta64 count, or null for NaT.</summary>
    public static long? DateTimeCount(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt64();
}
