// A child process for the crash tests: appends members to an archive in a loop until it is killed.
// Usage: Npy.AppendChild <archive> <first-index>
using Npy;

string path = args[0];
int index = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var random = new Random(index);
while (true)
{
    var values = new double[(1 << 18) + random.Next(1 << 18)];
    for (int i = 0; i < values.Length; i++)
    {
        values[i] = index + (i * 0.25);
    }

    var options = index % 2 == 0 ? NpzWriterOptions.Stored : NpzWriterOptions.Compressed with { CompressionLevel = 1 };
    NpzFile.Append(path, new Dictionary<string, NpyArray> { [$"m{index}"] = NpyArray.FromArray(values) }, options);
    Console.Out.WriteLine($"appended m{index}");
    Console.Out.Flush();
    index++;
}
