using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npy.Tests.Helpers;

namespace Npy.Tests.Scale;

[CollectionDefinition(nameof(LargeFiles), DisableParallelization = true)]
public sealed class LargeFiles
{
}

/// <summary>Real sizes: a stored member over 4 GiB and 2^32 elements, an archive over 4 GiB with more than 65,535 members, a .npy over 2^31 elements mapped.</summary>
/// <remarks>Runs alone (disk-bound, and memory is measured); skipped with the reason when the temporary folder has less than 12 GB free.</remarks>
[Collection(nameof(LargeFiles))]
public class LargeFileTests
{
    private const long Block = 16 << 20;
    private const long RequiredFreeBytes = 12_000_000_000;

    private static void RequireDisk()
    {
        string root = Path.GetPathRoot(Path.GetTempPath()) ?? "/";
        long free = new DriveInfo(root).AvailableFreeSpace;
        if (free < RequiredFreeBytes)
        {
            Assert.Skip($"Needs {RequiredFreeBytes / 1e9:0} GB free in {Path.GetTempPath()}, has {free / 1e9:0.0} GB.");
        }
    }

    // Every 16 MiB block holds its number (mod 251) in every byte, except the first block, which holds a ramp.
    private static byte ValueAt(long index) => index < Block ? (byte)(index % 253) : (byte)((index / Block) % 251);

    private static IEnumerable<ReadOnlyMemory<byte>> Blocks(long total, Action sample)
    {
        var buffer = new byte[Block];
        for (long at = 0; at < total; at += Block)
        {
            int n = (int)Math.Min(Block, total - at);
            if (at == 0)
            {
                for (int i = 0; i < n; i++)
                {
                    buffer[i] = ValueAt(i);
                }
            }
            else
            {
                buffer.AsSpan(0, n).Fill(ValueAt(at));
            }

            sample();
            yield return buffer.AsMemory(0, n);
        }
    }

    private sealed class MemoryProbe
    {
        private readonly Process _self = Process.GetCurrentProcess();
        private readonly long _allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
        private readonly long _workingSetStart;
        private long _workingSetMax;

        public MemoryProbe()
        {
            _self.Refresh();
            _workingSetStart = _self.WorkingSet64;
            _workingSetMax = _workingSetStart;
        }

        public void Sample()
        {
            _self.Refresh();
            _workingSetMax = Math.Max(_workingSetMax, _self.WorkingSet64);
        }

        public long Allocated => GC.GetTotalAllocatedBytes(precise: true) - _allocatedStart;

        public long WorkingSetGrowth => _workingSetMax - _workingSetStart;

        public override string ToString() => $"allocated {Allocated >> 20} MiB, working set +{WorkingSetGrowth >> 20} MiB (peak {_workingSetMax >> 20} MiB)";
    }

    [Fact]
    public void Stored_member_over_4_GiB_in_an_archive_over_4_GiB_with_more_than_65535_members()
    {
        RequireDisk();
        using var dir = new TempDir();
        string path = dir.File("huge.npz");
        const long Elements = (4L << 30) + (64 << 10) + 7; // over 4 GiB and over 2^32 elements
        const int Small = 70_000;
        var report = new StringBuilder();

        var clock = Stopwatch.StartNew();
        var writeProbe = new MemoryProbe();
        NpzFile.Write(path, writer =>
        {
            writer.WriteArray("big", new NpyHeader(NpyDType.UInt8, [Elements], false), Blocks(Elements, writeProbe.Sample));
            writer.Flush();
            report.AppendLine(CultureInfo.InvariantCulture, $"write of the 4 GiB member: {clock.Elapsed.TotalSeconds:0.0} s; {writeProbe}");
            Assert.True(writeProbe.Allocated < 128L << 20, report.ToString());
            for (int i = 0; i < Small; i++)
            {
                writer.Add("s" + i.ToString(CultureInfo.InvariantCulture), new short[] { (short)i, (short)(i >> 15) });
            }
        }, NpzWriterOptions.Stored with { AlignData = true });
        long size = new FileInfo(path).Length;
        report.AppendLine(CultureInfo.InvariantCulture, $"write of the whole archive ({Small + 1} members): {size} bytes in {clock.Elapsed.TotalSeconds:0.0} s; {writeProbe}");
        Assert.True(size > 4L << 30);

        var limits = NpyLimits.Default with { MaxMembers = 100_000, MaxTotalBytes = 8L << 30 };
        clock.Restart();
        var readProbe = new MemoryProbe();
        using (NpzReader npz = NpzFile.Open(path, limits))
        {
            Assert.Equal(Small + 1, npz.Count);
            using (NpyArrayReader reader = npz.OpenArray("big"))
            {
                Assert.Equal([Elements], reader.Header.Shape);
                long at = 0;
                foreach (ReadOnlyMemory<byte> chunk in reader.ReadChunks<byte>((int)Block))
                {
                    ReadOnlySpan<byte> span = chunk.Span;
                    Assert.Equal(ValueAt(at), span[0]);
                    Assert.Equal(ValueAt(at + span.Length - 1), span[^1]);
                    at += span.Length;
                    readProbe.Sample();
                }

                Assert.Equal(Elements, at); // the CRC-32 of the whole member was checked on the last read
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"chunked read: {clock.Elapsed.TotalSeconds:0.0} s; {readProbe}");
            Assert.True(readProbe.Allocated < 128L << 20, report.ToString());

            var into = new byte[100];
            npz.ReadInto<byte>("big", Elements - 100, into);
            Assert.All(into, b => Assert.Equal(ValueAt(Elements - 1), b));
            Assert.Equal(new short[] { 4242, 0 }, npz.Read<short>("s4242"));
            Assert.Equal(new short[] { unchecked((short)(Small - 1)), 2 }, npz.Read<short>("s" + (Small - 1).ToString(CultureInfo.InvariantCulture)));
        }

        using (var map = NpyMemoryMap.OpenMember(path, "big", limits))
        {
            Assert.Equal(0, map.DataOffset % 64);
            Assert.Throws<InvalidOperationException>(() => map.GetReadOnlySpan<byte>());
            ReadOnlySpan<byte> far = map.GetReadOnlySpan<byte>((4L << 30) + 5, 10);
            Assert.Equal(ValueAt((4L << 30) + 5), far[0]);
            Assert.Equal(ValueAt(12345), map.GetReadOnlySpan<byte>(12345, 1)[0]);
        }

        ExternalTools.RequireNumpy();
        clock.Restart();
        string script = "import numpy as np\n" +
            $"d = np.load('{path}')\n" +
            "assert len(d.files) == 70001\n" +
            "a = d['big']\n" +
            $"assert a.shape == ({Elements},) and a.dtype == np.uint8\n" +
            "k = np.arange(1, a.size // (16 << 20) + 1)\n" +
            "assert (a[k * (16 << 20)] == k % 251).all()\n" +
            "assert (a[:1000] == np.arange(1000) % 253).all()\n" +
            $"assert a[-1] == {ValueAt(Elements - 1)}\n" +
            "del a\n" +
            "assert d['s69999'].tolist() == [69999 - 65536, 2]\n" +
            "print('ok')\n";
        Assert.Equal("ok", Encoding.UTF8.GetString(ExternalTools.Python(script)).Trim());
        report.AppendLine(CultureInfo.InvariantCulture, $"numpy load: {clock.Elapsed.TotalSeconds:0.0} s");
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        if (Environment.GetEnvironmentVariable("NPY_SCALE_REPORT") is { Length: > 0 } reportPath)
        {
            File.AppendAllText(reportPath, report.ToString());
        }
    }

    [Fact]
    public void Deflated_member_over_4_GiB_read_in_chunks_and_by_range_and_loaded_by_numpy()
    {
        using var dir = new TempDir();
        string path = dir.File("deflated.npz");
        const long Elements = (4L << 30) + 1001;
        var report = new StringBuilder();
        var clock = Stopwatch.StartNew();
        var writeProbe = new MemoryProbe();
        NpzFile.Write(path, w => w.WriteArray("big", new NpyHeader(NpyDType.UInt8, [Elements], false), Blocks(Elements, writeProbe.Sample)), NpzWriterOptions.Compressed with { CompressionLevel = 1 });
        report.AppendLine(CultureInfo.InvariantCulture, $"deflated write: {new FileInfo(path).Length} bytes in {clock.Elapsed.TotalSeconds:0.0} s; {writeProbe}");
        Assert.True(writeProbe.Allocated < 128L << 20, report.ToString());

        clock.Restart();
        var readProbe = new MemoryProbe();
        using (NpzReader npz = NpzFile.Open(path))
        {
            Assert.True(npz.GetMember("big").IsParallelReadable);
            Assert.True(npz.GetMember("big").Size > 4L << 30);
            using (NpyArrayReader reader = npz.OpenArray("big"))
            {
                long at = 0;
                foreach (ReadOnlyMemory<byte> chunk in reader.ReadChunks<byte>((int)Block))
                {
                    Assert.Equal(ValueAt(at), chunk.Span[0]);
                    Assert.Equal(ValueAt(at + chunk.Length - 1), chunk.Span[^1]);
                    at += chunk.Length;
                    readProbe.Sample();
                }

                Assert.Equal(Elements, at);
            }

            report.AppendLine(CultureInfo.InvariantCulture, $"deflated chunked read: {clock.Elapsed.TotalSeconds:0.0} s; {readProbe}");
            Assert.True(readProbe.Allocated < 128L << 20, report.ToString());

            // Only the chunks holding the range are inflated.
            clock.Restart();
            var far = new byte[3 << 20];
            npz.ReadInto<byte>("big", Elements - far.Length, far);
            Assert.Equal(ValueAt(Elements - far.Length), far[0]);
            Assert.Equal(ValueAt(Elements - 1), far[^1]);
            report.AppendLine(CultureInfo.InvariantCulture, $"deflated range read of 3 MiB at the end: {clock.Elapsed.TotalMilliseconds:0} ms");
        }

        ExternalTools.RequireNumpy();
        clock.Restart();
        string script = "import numpy as np\n" +
            $"a = np.load('{path}')['big']\n" +
            $"assert a.shape == ({Elements},)\n" +
            "k = np.arange(1, a.size // (16 << 20) + 1)\n" +
            "assert (a[k * (16 << 20)] == k % 251).all()\n" +
            $"assert a[-1] == {ValueAt(Elements - 1)}\n" +
            "print('ok')\n";
        Assert.Equal("ok", Encoding.UTF8.GetString(ExternalTools.Python(script)).Trim());
        report.AppendLine(CultureInfo.InvariantCulture, $"numpy load (deflated): {clock.Elapsed.TotalSeconds:0.0} s");
        if (Environment.GetEnvironmentVariable("NPY_SCALE_REPORT") is { Length: > 0 } reportPath)
        {
            File.AppendAllText(reportPath, report.ToString());
        }
    }

    [Fact]
    public void Npy_over_2_31_elements_written_from_chunks_mapped_in_ranges_and_mapped_by_numpy()
    {
        RequireDisk();
        using var dir = new TempDir();
        const long Elements = (1L << 31) + 3;
        var probe = new MemoryProbe();
        string path = NpyFile.Save(dir.File("big.npy"), new NpyHeader(NpyDType.UInt8, [Elements], false), Blocks(Elements, probe.Sample));
        Assert.True(probe.Allocated < 64L << 20, probe.ToString());

        using (var map = NpyMemoryMap.Open(path, writable: true))
        {
            Assert.Equal(Elements, map.Header.ElementCount);
            Assert.Throws<InvalidOperationException>(() => map.GetSpan<byte>());
            Span<byte> tail = map.GetSpan<byte>(Elements - 3, 3);
            Assert.Equal(ValueAt(Elements - 1), tail[2]);
            tail[2] = 0xEE;
        }

        var last = new byte[4];
        NpyFile.ReadInto<byte>(path, Elements - 4, last);
        Assert.Equal(0xEE, last[3]);

        ExternalTools.RequireNumpy();
        string script = "import numpy as np\n" +
            $"a = np.load('{path}', mmap_mode='r')\n" +
            $"assert a.shape == ({Elements},)\n" +
            $"assert a[-1] == 0xEE and a[-2] == {ValueAt(Elements - 2)} and a[5] == {ValueAt(5)}\n" +
            "print('ok')\n";
        Assert.Equal("ok", Encoding.UTF8.GetString(ExternalTools.Python(script)).Trim());
    }
}
