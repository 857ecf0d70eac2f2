// A small tour: save arrays as .npy and .npz, load them back, and check they survived.
using Npy;

string dir = Path.Combine(Path.GetTempPath(), "npy-demo-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
Directory.CreateDirectory(dir);
try
{
    // One array, as numpy.save: a 2×3 matrix of doubles.
    double[,] matrix = { { 1.0, 2.0, 3.0 }, { 4.0, 5.0, 6.0 } };
    string npyPath = NpyFile.Save(Path.Combine(dir, "matrix"), matrix);
    NpyArray loaded = NpyFile.Load(npyPath);
    var back = (double[,])loaded.ToMultidimensionalArray<double>();
    Console.WriteLine($"saved {Path.GetFileName(npyPath)}: {loaded}, [1,2] = {back[1, 2]}");

    // Several arrays, as numpy.savez_compressed: named members, compressed on every core.
    float[] weights = Enumerable.Range(0, 1_000_000).Select(i => MathF.Sin(i * 0.001f)).ToArray();
    var named = new Dictionary<string, NpyArray>
    {
        ["weights"] = NpyArray.FromArray(weights, 1000, 1000),
        ["labels"] = NpyArray.FromStrings(["cat", "dog", "señor", "数据"]),
        ["when"] = NpyArray.FromDateTimes([new DateTime(2026, 11, 26, 12, 0, 0)], unit: "s"),
    };
    string npzPath = NpzFile.SaveCompressed(Path.Combine(dir, "bundle"), named);
    Console.WriteLine($"saved {Path.GetFileName(npzPath)}: {new FileInfo(npzPath).Length:N0} bytes for {weights.Length * 4:N0} bytes of weights");

    // Load lazily: only the members asked for are decompressed.
    using NpzReader archive = NpzFile.Open(npzPath);
    foreach (NpzMember member in archive.Members)
    {
        Console.WriteLine($"  {member.Name,-8} {archive.ReadHeader(member.Name).DType,-6} {member.Compression,-8} {member.Size,10:N0} -> {member.CompressedSize,10:N0} bytes");
    }

    float[] weightsBack = archive.Read<float>("weights");
    string[] labels = archive.Read<string>("labels");
    DateTime when = archive["when"].GetScalar<DateTime>();
    bool same = weightsBack.AsSpan().SequenceEqual(weights);
    Console.WriteLine($"weights equal: {same}; labels: {string.Join(", ", labels)}; when: {when:O}");
    return same ? 0 : 1;
}
finally
{
    Directory.Delete(dir, recursive: true);
}
