using System.Diagnostics;
using System.IO.Pipes;
using System.Text;

namespace Npy.Tests.Scale;

public class PipeTests
{
    private static Process StartPython(string script)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        return Process.Start(psi)!;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Numpy_loads_an_archive_we_write_into_its_stdin_pipe(bool compressed, bool aligned)
    {
        ExternalTools.RequireNumpy();
        const string script = "import sys, io, numpy as np, zipfile\n" +
            "data = sys.stdin.buffer.read()\n" +
            "assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None\n" +
            "d = np.load(io.BytesIO(data))\n" +
            "print(','.join(d.files), d['big'].sum(), d['big'].shape, d['s'].tolist())\n";
        using Process p = StartPython(script);
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        Stream pipe = p.StandardInput.BaseStream;
        Assert.False(pipe.CanSeek);
        var options = (compressed ? NpzWriterOptions.Compressed : NpzWriterOptions.Stored) with { ChunkSize = 64 << 10, AlignData = aligned };
        using (var writer = new NpzWriter(pipe, options, leaveOpen: false))
        {
            writer.WriteArray<int>("big", new NpyHeader(NpyDType.Int32, [1000, 1000], false), Rows(1000, 1000));
            writer.Add("s", NpyArray.FromStrings(["pipe", "ü"]));
        }

        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(p.ExitCode == 0, await stderr);
        Assert.Equal("big,s 499999500000 (1000, 1000) ['pipe', 'ü']", (await stdout).Trim());
    }

    private static IEnumerable<ReadOnlyMemory<int>> Rows(int rows, int columns)
    {
        var row = new int[columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                row[c] = (r * columns) + c;
            }

            yield return row;
        }
    }

    [Fact]
    public async Task We_read_an_archive_numpy_writes_into_our_stdin_pipe()
    {
        ExternalTools.RequireNumpy();
        using Process p = StartPython("import sys, numpy as np\nnp.savez_compressed(sys.stdout.buffer, a=np.arange(100000), b=np.eye(3))\n");
        var stderr = p.StandardError.ReadToEndAsync();
        Stream pipe = p.StandardOutput.BaseStream;
        Assert.False(pipe.CanSeek);
        using (NpzReader npz = NpzFile.Open(pipe))
        {
            Assert.Equal(["a", "b"], npz.Files);
            Assert.Equal(Enumerable.Range(0, 100000).Select(i => (long)i).ToArray(), npz.Read<long>("a"));
        }

        await p.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(p.ExitCode == 0, await stderr);
    }

    [Fact]
    public async Task An_anonymous_pipe_round_trips_and_the_spool_is_capped_and_removed()
    {
        string spoolPattern = "npy-spool-*";
        int spoolsBefore = Directory.GetFiles(Path.GetTempPath(), spoolPattern).Length;
        using (var server = new AnonymousPipeServerStream(PipeDirection.Out))
        using (var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle))
        {
            var writerTask = Task.Run(() =>
            {
                // Disposing the writer closes the pipe: the reader needs the end of the stream.
                using var writer = new NpzWriter(server, NpzWriterOptions.Compressed, leaveOpen: false);
                writer.WriteArray<int>("m", new NpyHeader(NpyDType.Int32, [500, 300], false), Rows(500, 300));
            });
            using NpzReader npz = NpzReader.Open(client, leaveOpen: true);
            await writerTask;
            using NpyArrayReader reader = npz.OpenArray("m");
            long sum = 0;
            foreach (ReadOnlyMemory<int> chunk in reader.ReadChunks<int>(7000))
            {
                foreach (int v in chunk.Span)
                {
                    sum += v;
                }
            }

            Assert.Equal(150000L * 149999 / 2, sum);
        }

        using (var server = new AnonymousPipeServerStream(PipeDirection.Out))
        using (var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle))
        {
            var writerTask = Task.Run(() =>
            {
                try
                {
                    using var writer = new NpzWriter(server, NpzWriterOptions.Stored, leaveOpen: false);
                    writer.Add("m", new byte[3 << 20]);
                }
                catch (IOException)
                {
                    // The reader gave up and closed its end.
                }
            });
            Assert.Throws<NpyLimitExceededException>(() => NpzReader.Open(client, NpyLimits.Default with { MaxTotalBytes = 1 << 20 }, leaveOpen: false));
            await writerTask;
        }

        Assert.Equal(spoolsBefore, Directory.GetFiles(Path.GetTempPath(), spoolPattern).Length);
    }
}
