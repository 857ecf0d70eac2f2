using System.Diagnostics;
using Npy.Bench;
using NumSharp;

// One NumSharp operation on one standard workload, timed in this fresh process; prints one JSON line.
// Usage: Npy.Bench.NumSharp DATADIR NAME OP, with OP one of base, save_c, load_c, save_s, load_s
// (the same meaning as for NumPy and for Npy.Bench.Runner). Archives are written to DATADIR/out_numsharp/.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Npy.Bench.NumSharp DATADIR NAME base|save_c|load_c|save_s|load_s");
    return 2;
}

string dataDir = args[0];
string name = args[1];
string op = args[2];
string outDir = Path.Combine(dataDir, "out_numsharp");
Directory.CreateDirectory(outDir);
var sources = Workload.Sources(dataDir, name);
var result = new Result { Workload = name, Op = op, Members = sources.Count };

switch (op)
{
    case "base" or "save_c" or "save_s":
    {
        // Inputs are read before the timer, with NumSharp's own .npy reader.
        var arrays = new Dictionary<string, NDArray>(sources.Count, StringComparer.Ordinal);
        foreach (var (key, path) in sources)
        {
            arrays[key] = np.load_npy(path);
        }

        result.ArrayBytes = arrays.Values.Sum(a => a.nbytes);
        if (op != "base")
        {
            string target = Path.Combine(outDir, name + (op == "save_s" ? "_stored" : string.Empty) + ".npz");
            var clock = Stopwatch.StartNew();
            if (op == "save_c")
            {
                np.savez_compressed(target, arrays);
            }
            else
            {
                np.savez(target, arrays);
            }

            clock.Stop();
            result.Seconds = clock.Elapsed.TotalSeconds;
            result.FileBytes = new FileInfo(target).Length;
        }

        GC.KeepAlive(arrays);
        break;
    }

    case "load_c" or "load_s":
    {
        string path = Path.Combine(dataDir, name + (op == "load_s" ? "_stored" : string.Empty) + ".npz");
        FirstFileOpen.Warm("Npy.Bench.NumSharp");
        var clock = Stopwatch.StartNew();
        var loaded = new Dictionary<string, NDArray>(StringComparer.Ordinal);
        using (var archive = np.load_npz(path))
        {
            foreach (string key in archive.Files)
            {
                loaded[key] = archive[key];
            }
        }

        clock.Stop();
        result.Seconds = clock.Elapsed.TotalSeconds;
        result.FileBytes = new FileInfo(path).Length;
        result.ArrayBytes = loaded.Values.Sum(a => a.nbytes);
        result.Members = loaded.Count;
        result.Verified = Verify(sources, loaded);
        break;
    }

    default:
        Console.Error.WriteLine($"unknown op '{op}'");
        return 2;
}

Console.WriteLine(result.ToJson());
return result.Verified == false ? 1 : 0;

static bool Verify(List<(string Key, string Path)> sources, Dictionary<string, NDArray> loaded) =>
    Workload.AllEqual(sources, loaded, (array, descr, shape, path, offset) =>
        Descr(array.typecode) == descr && shape.SequenceEqual(array.shape)
        && Workload.DataEquals(path, offset, Bytes(array)));

static unsafe ReadOnlySpan<byte> Bytes(NDArray array) => new(array.Unsafe.Address, checked((int)array.Unsafe.BytesLength));

static string Descr(NPTypeCode code) => code switch
{
    NPTypeCode.Boolean => "|b1",
    NPTypeCode.Byte => "|u1",
    NPTypeCode.Int64 => "<i8",
    NPTypeCode.Single => "<f4",
    NPTypeCode.Double => "<f8",
    _ => code.ToString(),
};
