using System.Diagnostics;
using System.Globalization;
using Npy;
using Npy.Bench;

// One Npy operation on one standard workload, timed in this fresh process; prints one JSON line.
//
// Usage: Npy.Bench.Runner DATADIR NAME OP [--threads N] [--reader]
//   base         read the source arrays only (the RSS floor of the save ops)
//   save_c       NpzFile.SaveCompressed(all arrays)     -> DATADIR/out_npy/NAME.npz (kept: load_c_ours and NumPy read it)
//   save_s       NpzFile.Save(all arrays)               -> DATADIR/out_npy/NAME_stored.npz
//   save_s_noflush  save_s with NpzWriterOptions.FlushToDisk off (still a temporary file moved over the target; no
//                flush to disk, as numpy.savez)
//   load_c       NpzFile.Load(DATADIR/NAME.npz)         (written by NumPy)
//   load_c_ours  NpzFile.Load(DATADIR/out_npy/NAME.npz) (written by save_c)
//   load_s       NpzFile.Load(DATADIR/NAME_stored.npz)  (written by NumPy)
// The managed bytes allocated during the operation are reported too (allocated_bytes), to show copies and garbage.
// Inputs are read before the timer; loads are compared with the source .npy files after it, streaming them so the
// check adds nothing to the peak RSS. Diagnostics (not used for the published table): --threads N sets
// MaxDegreeOfParallelism; --reader loads with NpzFile.Open + Read per key instead of NpzFile.Load.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Npy.Bench.Runner DATADIR NAME base|save_c|save_s|save_s_noflush|load_c|load_c_ours|load_s [--threads N] [--reader]");
    return 2;
}

string dataDir = args[0];
string name = args[1];
string op = args[2];
int threads = Environment.ProcessorCount;
bool perKey = false;
for (int i = 3; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads":
            threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--reader":
            perKey = true;
            break;
        default:
            Console.Error.WriteLine($"unknown option '{args[i]}'");
            return 2;
    }
}

string outDir = Path.Combine(dataDir, "out_npy");
Directory.CreateDirectory(outDir);
var sources = Workload.Sources(dataDir, name);
var result = new Result { Workload = name, Op = op, Members = sources.Count };

switch (op)
{
    case "base" or "save_c" or "save_s" or "save_s_noflush":
    {
        var arrays = sources.Select(s => new KeyValuePair<string, NpyArray>(s.Key, NpyFile.Load(s.Path))).ToList();
        result.ArrayBytes = arrays.Sum(a => (long)a.Value.Data.Length);
        if (op != "base")
        {
            string target = Path.Combine(outDir, name + (op == "save_c" ? string.Empty : "_stored") + ".npz");
            var options = (op == "save_c" ? NpzWriterOptions.Compressed : NpzWriterOptions.Stored) with { MaxDegreeOfParallelism = threads, FlushToDisk = op != "save_s_noflush" };
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
            long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
            var clock = Stopwatch.StartNew();
            if (threads != Environment.ProcessorCount || !options.FlushToDisk)
            {
                NpzFile.Write(target, arrays, [], options);
            }
            else if (op == "save_c")
            {
                NpzFile.SaveCompressed(target, arrays);
            }
            else
            {
                NpzFile.Save(target, arrays);
            }

            clock.Stop();
            result.JitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalSeconds;
            result.JitMethods = CountJitMethods(jitMethods);
            result.AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            result.Seconds = clock.Elapsed.TotalSeconds;
            result.FileBytes = new FileInfo(target).Length;
        }

        GC.KeepAlive(arrays);
        break;
    }

    case "load_c" or "load_c_ours" or "load_s":
    {
        FirstFileOpen.Warm("Npy.Bench.Runner");

        string path = op switch
        {
            "load_c" => Path.Combine(dataDir, name + ".npz"),
            "load_s" => Path.Combine(dataDir, name + "_stored.npz"),
            _ => Path.Combine(outDir, name + ".npz"),
        };
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
        long jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount();
        var clock = Stopwatch.StartNew();
        Dictionary<string, NpyArray> loaded;
        if (perKey)
        {
            using NpzReader archive = NpzFile.Open(path);
            loaded = new Dictionary<string, NpyArray>(archive.Count, StringComparer.Ordinal);
            foreach (string key in archive.Files)
            {
                loaded[key] = archive.Read(key);
            }
        }
        else
        {
            loaded = NpzFile.Load(path);
        }

        clock.Stop();
        result.JitSeconds = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalSeconds;
        result.JitMethods = CountJitMethods(jitMethods);
        result.AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        result.Seconds = clock.Elapsed.TotalSeconds;
        result.FileBytes = new FileInfo(path).Length;
        result.ArrayBytes = loaded.Values.Sum(a => (long)a.Data.Length);
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

static bool Verify(List<(string Key, string Path)> sources, Dictionary<string, NpyArray> loaded) =>
    Workload.AllEqual(sources, loaded, (array, descr, shape, path, offset) =>
        array.DType.ToString() == descr && !array.FortranOrder && shape.SequenceEqual(array.Shape)
        && Workload.DataEquals(path, offset, array.Data.Span));

// The methods compiled inside the timed operation. With DOTNET_JitDisasmSummary=1 and DOTNET_JitStdOutFile set,
// NPY_BENCH_JIT_RANGE=1 also names their lines in that file (on standard error), to find which ones to avoid.
static long CountJitMethods(long before)
{
    long after = System.Runtime.JitInfo.GetCompiledMethodCount();
    if (Environment.GetEnvironmentVariable("NPY_BENCH_JIT_RANGE") == "1")
    {
        Console.Error.WriteLine($"jit lines {before + 1}-{after}");
    }

    return after - before;
}
