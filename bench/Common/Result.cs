using System.Globalization;
using System.Text;

namespace Npy.Bench;

/// <summary>The one JSON line a benchmark runner prints for one operation.</summary>
internal sealed class Result
{
    public required string Workload { get; init; }

    public required string Op { get; init; }

    public double? Seconds { get; set; }

    public long ArrayBytes { get; set; }

    public long? FileBytes { get; set; }

    public int Members { get; set; }

    /// <summary>Gets or sets the managed bytes allocated during the timed operation (null when not measured).</summary>
    public long? AllocatedBytes { get; set; }

    /// <summary>Gets or sets whether the loaded arrays equal the source arrays (null when the op loads nothing).</summary>
    public bool? Verified { get; set; }

    /// <summary>Gets or sets the time the JIT compiler spent inside the timed operation (null when not measured).</summary>
    public double? JitSeconds { get; set; }

    /// <summary>Gets or sets how many methods the JIT compiler compiled inside the timed operation (null when not measured).</summary>
    public long? JitMethods { get; set; }

    public string? Note { get; set; }

    public string ToJson()
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $"{{\"workload\": \"{Workload}\", \"op\": \"{Op}\"");
        if (Seconds is { } s)
        {
            json.Append(CultureInfo.InvariantCulture, $", \"seconds\": {s:R}");
        }

        json.Append(CultureInfo.InvariantCulture, $", \"array_bytes\": {ArrayBytes}, \"members\": {Members}");
        if (FileBytes is { } f)
        {
            json.Append(CultureInfo.InvariantCulture, $", \"file_bytes\": {f}");
        }

        if (AllocatedBytes is { } a)
        {
            json.Append(CultureInfo.InvariantCulture, $", \"allocated_bytes\": {a}");
        }

        if (JitSeconds is { } j)
        {
            json.Append(CultureInfo.InvariantCulture, $", \"jit_seconds\": {j:R}");
        }

        if (JitMethods is { } m)
        {
            json.Append(CultureInfo.InvariantCulture, $", \"jit_methods\": {m}");
        }

        if (Verified is { } v)
        {
            json.Append(v ? ", \"verified\": true" : ", \"verified\": false");
        }

        if (Note is not null)
        {
            json.Append(", \"note\": \"").Append(Note.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal)).Append('"');
        }

        return json.Append('}').ToString();
    }
}
