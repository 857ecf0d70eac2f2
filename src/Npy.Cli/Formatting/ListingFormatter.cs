using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Npy.Cli.Infrastructure;
using Spectre.Console;

namespace Npy.Cli.Formatting;

/// <summary>Prints the rows of <c>npy ls</c> as a table or as one JSON document.</summary>
internal static class ListingFormatter
{
    /// <summary>Writes a table: name, dtype, shape, order, size, stored size, method, ratio.</summary>
    public static void WriteTable(CliConsole console, IReadOnlyList<ListingRow> rows)
    {
        IAnsiConsole output = Terminal.ForOutput(console);
        var table = new Table { Border = console.IsOutputTerminal ? TableBorder.Rounded : TableBorder.None };
        table.AddColumn("name");
        table.AddColumn("dtype");
        table.AddColumn(new TableColumn("shape"));
        table.AddColumn("order");
        table.AddColumn(new TableColumn("size").RightAligned());
        table.AddColumn(new TableColumn("stored").RightAligned());
        table.AddColumn("method");
        table.AddColumn(new TableColumn("ratio").RightAligned());
        foreach (ListingRow row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Name),
                Markup.Escape(row.DType ?? "-"),
                row.Shape is null ? "-" : ArrayRepr.ShapeText(row.Shape),
                row.FortranOrder is null ? "-" : row.FortranOrder.Value ? "F" : "C",
                row.NBytes.ToString(CultureInfo.InvariantCulture),
                row.CompressedBytes.ToString(CultureInfo.InvariantCulture),
                row.Method ?? "-",
                Ratio(row));
        }

        output.Write(table);
    }

    /// <summary>Writes <c>{"file": …, "members": [{"name", "dtype", "shape", "fortran_order", "nbytes", "compressed_bytes", "method"}]}</c>.</summary>
    public static void WriteJson(CliConsole console, string file, IReadOnlyList<ListingRow> rows)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps '<' and '>' of dtype strings such as "<f8" readable instead of \u003C.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("file", file);
            json.WriteStartArray("members");
            foreach (ListingRow row in rows)
            {
                json.WriteStartObject();
                json.WriteString("name", row.Name);
                if (row.DType is null)
                {
                    json.WriteNull("dtype");
                    json.WriteNull("shape");
                    json.WriteNull("fortran_order");
                }
                else
                {
                    json.WriteString("dtype", row.DType);
                    json.WriteStartArray("shape");
                    foreach (long d in row.Shape!)
                    {
                        json.WriteNumberValue(d);
                    }

                    json.WriteEndArray();
                    json.WriteBoolean("fortran_order", row.FortranOrder == true);
                }

                json.WriteNumber("nbytes", row.NBytes);
                json.WriteNumber("compressed_bytes", row.CompressedBytes);
                if (row.Method is null)
                {
                    json.WriteNull("method");
                }
                else
                {
                    json.WriteString("method", row.Method);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Ratio(ListingRow row) => row.Method is null || row.CompressedBytes == 0
        ? "-"
        : ((double)row.Size / row.CompressedBytes).ToString("0.00", CultureInfo.InvariantCulture);
}
