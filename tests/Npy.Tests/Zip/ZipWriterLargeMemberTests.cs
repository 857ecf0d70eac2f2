using System.Text;
using Npy.Zip;

namespace Npy.Tests.Zip;

/// <summary>A member above 2 GiB, written without keeping its data: the headers and ZIP64 records must equal CPython's.</summary>
public class ZipWriterLargeMemberTests
{
    // Keeps only small writes (headers, descriptors, directory); large data writes just advance the position.
    private sealed class SparseStream : Stream
    {
        private readonly SortedDictionary<long, byte> _bytes = [];
        private long _position;
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => _position = origin == SeekOrigin.Begin ? offset : origin == SeekOrigin.Current ? _position + offset : _length + offset;
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length <= 4096)
            {
                for (int i = 0; i < buffer.Length; i++)
                {
                    _bytes[_position + i] = buffer[i];
                }
            }

            _position += buffer.Length;
            _length = Math.Max(_length, _position);
        }

        public string Runs()
        {
            var sb = new StringBuilder();
            long expected = -1;
            foreach (var (pos, b) in _bytes)
            {
                if (pos != expected)
                {
                    sb.Append('\n').Append(pos).Append(':');
                }

                sb.Append(b.ToString("x2"));
                expected = pos + 1;
            }

            return sb.Append('\n').Append("length ").Append(_length).ToString().Trim();
        }
    }

    private const string Script = """
        import zipfile
        class Sparse:
            def __init__(self): self.bytes = {}; self.pos = 0; self.length = 0
            def write(self, d):
                if len(d) <= 4096:
                    for i, b in enumerate(bytes(d)): self.bytes[self.pos + i] = b
                self.pos += len(d); self.length = max(self.length, self.pos); return len(d)
            def tell(self): return self.pos
            def seek(self, p, whence=0): self.pos = p if whence == 0 else (self.pos + p if whence == 1 else self.length + p); return self.pos
            def flush(self): pass
        f = Sparse()
        with zipfile.ZipFile(f, 'w', allowZip64=True) as z:
            with z.open('big.npy', 'w', force_zip64=True) as w:
                zero = bytes(1 << 20)
                for _ in range(2049): w.write(zero)
            with z.open('small.npy', 'w', force_zip64=True) as w: w.write(b'abc')
        out = []; expected = -1
        for p in sorted(f.bytes):
            if p != expected: out.append('\n%d:' % p)
            out.append('%02x' % f.bytes[p]); expected = p + 1
        print((''.join(out) + '\nlength %d' % f.length).strip())
        """;

    [Fact]
    public void Member_above_2_GiB_gets_cpythons_zip64_records()
    {
        ExternalTools.RequireNewBandNumpy();
        var expected = Encoding.ASCII.GetString(ExternalTools.Python(Script, newBand: true)).Trim();
        var target = new SparseStream();
        using (var writer = new ZipWriter(target, new ZipWriterOptions { MaxDegreeOfParallelism = 2 }, leaveOpen: true))
        {
            using (var s = writer.OpenEntry("big.npy", ZipCompressionMethod.Stored))
            {
                var zero = new byte[1 << 20];
                for (int i = 0; i < 2049; i++)
                {
                    s.Write(zero);
                }
            }

            writer.AddEntry("small.npy", ZipCompressionMethod.Stored, default, "abc"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        Assert.Equal(expected, target.Runs());
    }
}
