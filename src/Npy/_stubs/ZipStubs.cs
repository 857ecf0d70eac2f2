#pragma warning disable CS1591, CA1822, CA1801, IDE0060
using System.Diagnostics.CodeAnalysis;
namespace Npy.Zip;
internal enum ZipCompressionMethod : ushort { Stored = 0, Deflate = 8 }
internal sealed class ZipEntry
{
    public string Name { get; } = "";
    public ushort Flags { get; }
    public ZipCompressionMethod Method { get; }
    public uint Crc32 { get; }
    public long CompressedSize { get; }
    public long UncompressedSize { get; }
    public long LocalHeaderOffset { get; }
    public bool HasChunkIndex { get; }
}
internal sealed class ZipReader : IDisposable
{
    public static ZipReader Open(Stream stream, NpyLimits limits, bool leaveOpen) => throw new NotSupportedException();
    public IReadOnlyList<ZipEntry> Entries { get; } = [];
    public bool TryGetEntry(string name, [NotNullWhen(true)] out ZipEntry? entry) { entry = null; return false; }
    public int ReadPrefix(ZipEntry entry, Span<byte> destination) => 0;
    public void ReadMember(ZipEntry entry, int skip, Memory<byte> destination, CancellationToken cancellationToken = default) { }
    public Stream OpenRead(ZipEntry entry) => Stream.Null;
    public void Dispose() { }
}
internal sealed class ZipWriterOptions
{
    public int CompressionLevel { get; init; } = 6;
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
    public int ChunkSize { get; init; } = 1 << 20;
}
internal sealed class ZipWriter : IDisposable, IAsyncDisposable
{
    public ZipWriter(Stream target, ZipWriterOptions options, bool leaveOpen) { }
    public void AddEntry(string name, ZipCompressionMethod method, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) { }
    public Stream OpenEntry(string name, ZipCompressionMethod method) => Stream.Null;
    public void Flush() { }
    public void Dispose() { }
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
