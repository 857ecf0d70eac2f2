using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, for example: -- --filter '*Header*' (no arguments: a menu).
BenchmarkSwitcher.FromAssembly(typeof(Npy.Benchmarks.HeaderBenchmarks).Assembly).Run(args);
