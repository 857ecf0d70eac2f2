using Npy.Zip;

namespace Npy.Tests.Zip;

public class ZipWriterBehaviourTests
{
    private sealed class FailingStream(long failAfter) : Stream
    {
        public MemoryStream Inner { get; } = new();
        public bool Disposed { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => Inner.Length;
        public override long Position { get => Inner.Position; set => Inner.Position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => Inner.Seek(offset, origin);
        public override void SetLength(long value) => Inner.SetLength(value);
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Inner.Length + buffer.Length > failAfter)
            {
                throw new IOException("No space left on device");
            }

            Inner.Write(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(5000)]
    [InlineData(40_000)]
    public void Io_errors_propagate_and_the_writer_refuses_further_work(long failAfter)
    {
        var target = new FailingStream(failAfter);
        var data = ZipTestUtil.Random(30_000, 1);
        var writer = new ZipWriter(target, new ZipWriterOptions { ChunkSize = 4096, MaxDegreeOfParallelism = 2 }, leaveOpen: true);
        var ex = Record.Exception(() =>
        {
            writer.AddEntry("a", ZipCompressionMethod.Deflate, default, data, TestContext.Current.CancellationToken);
            writer.AddEntry("b", ZipCompressionMethod.Stored, default, data, TestContext.Current.CancellationToken);
            writer.Flush();
        });
        if (ex is null)
        {
            ex = Record.Exception(writer.Dispose);
        }

        Assert.IsType<IOException>(ex);
        Assert.Throws<InvalidOperationException>(() => writer.AddEntry("c", ZipCompressionMethod.Stored, default, data, TestContext.Current.CancellationToken));
        writer.Dispose();
        writer.Dispose();
        Assert.False(target.Disposed);
    }

    [Fact]
    public void Cancellation_stops_a_member_and_faults_the_writer()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var writer = new ZipWriter(new MemoryStream(), new ZipWriterOptions(), leaveOpen: false);
        Assert.ThrowsAny<OperationCanceledException>(() => writer.AddEntry("a", ZipCompressionMethod.Deflate, default, new byte[10], cts.Token));
        Assert.Throws<InvalidOperationException>(() => writer.Flush());
        writer.Dispose();
    }

    [Fact]
    public async Task Dispose_is_idempotent_and_honours_leaveOpen()
    {
        var ms = new MemoryStream();
        var writer = new ZipWriter(ms, new ZipWriterOptions(), leaveOpen: false);
        writer.AddEntry("a", ZipCompressionMethod.Stored, default, new byte[] { 1 }, TestContext.Current.CancellationToken);
        await writer.DisposeAsync();
        await writer.DisposeAsync();
        writer.Dispose();
        Assert.False(ms.CanWrite);
        Assert.Throws<ObjectDisposedException>(() => writer.AddEntry("b", ZipCompressionMethod.Stored, default, default, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Flush_writes_every_pending_member()
    {
        var ms = new MemoryStream();
        using var writer = new ZipWriter(ms, new ZipWriterOptions { ChunkSize = 4096 }, leaveOpen: true);
        var data = ZipTestUtil.Text(100_000, 2);
        writer.AddEntry("a", ZipCompressionMethod.Deflate, default, data, TestContext.Current.CancellationToken);
        writer.Flush();
        long afterFlush = ms.Length;
        Assert.True(afterFlush > 30 + 1 + 20);
        writer.Dispose();
        Assert.True(ms.Length > afterFlush);
    }

    [Fact]
    public void Streaming_member_left_open_is_completed_by_dispose()
    {
        var ms = new MemoryStream();
        var writer = new ZipWriter(ms, new ZipWriterOptions { ChunkSize = 1024 }, leaveOpen: true);
        var s = writer.OpenEntry("s", ZipCompressionMethod.Deflate);
        var data = ZipTestUtil.Text(5000, 3);
        s.Write(data);
        writer.Dispose();
        using var reader = ZipTestUtil.Open(ms.ToArray());
        Assert.Equal(data, ZipTestUtil.ReadMember(reader, reader.Entries[0]));
        Assert.True(reader.Entries[0].HasChunkIndex);
    }

    private sealed class SeekCountingStream : MemoryStream
    {
        public int PositionSets { get; private set; }

        public override long Position
        {
            get => base.Position;
            set
            {
                PositionSets++;
                base.Position = value;
            }
        }

        public override long Seek(long offset, SeekOrigin loc)
        {
            PositionSets++;
            return base.Seek(offset, loc);
        }
    }

    [Fact]
    public void Single_chunk_members_get_their_final_header_at_once_and_are_never_patched()
    {
        var target = new SeekCountingStream();
        var members = Enumerable.Range(0, 500).Select(i => ZipTestUtil.Random(300, i)).ToArray();
        using (var writer = new ZipWriter(target, new ZipWriterOptions { MaxDegreeOfParallelism = 2 }, leaveOpen: true))
        {
            for (int i = 0; i < members.Length; i++)
            {
                writer.AddEntry("m" + i, i % 2 == 0 ? ZipCompressionMethod.Deflate : ZipCompressionMethod.Stored, default, members[i], TestContext.Current.CancellationToken);
            }
        }

        Assert.Equal(0, target.PositionSets);
        using var reader = ZipTestUtil.Open(target.ToArray());
        Assert.Equal(members.Length, reader.Entries.Count);
        for (int i = 0; i < members.Length; i++)
        {
            Assert.Equal(members[i], ZipTestUtil.ReadMember(reader, reader.Entries[i]));
        }
    }

    [Fact]
    public void A_multi_chunk_member_still_gets_a_patched_header_with_the_real_crc()
    {
        var target = new SeekCountingStream();
        var data = ZipTestUtil.Text(50_000, 4);
        using (var writer = new ZipWriter(target, new ZipWriterOptions { ChunkSize = 4096, MaxDegreeOfParallelism = 2 }, leaveOpen: true))
        {
            writer.AddEntry("big", ZipCompressionMethod.Deflate, default, data, TestContext.Current.CancellationToken);
            writer.AddEntry("small", ZipCompressionMethod.Deflate, default, data.AsMemory(0, 100), TestContext.Current.CancellationToken);
        }

        using var reader = ZipTestUtil.Open(target.ToArray());
        Assert.Equal(data, ZipTestUtil.ReadMember(reader, reader.Entries[0]));
        Assert.Equal(data[..100], ZipTestUtil.ReadMember(reader, reader.Entries[1]));
        byte[] bytes = target.ToArray();
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(data), System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(14)));
    }
}
