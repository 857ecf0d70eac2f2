using System.Text.Json;
using Npy.Zip;

namespace Npy.Tests.Zip;

/// <summary>ZIP64 rules for offsets and counts, compared byte for byte with CPython's zipfile (as NumPy drives it).</summary>
public class ZipWriterZip64Tests
{
    // A stream that pretends to start `shift` bytes into a huge file (zeros before), so offsets pass 2^31 and 2^32 without disk.
    private sealed class ShiftedStream : Stream
    {
        private readonly long shift;
        private long _position;

        public ShiftedStream(long shift)
        {
            this.shift = shift;
            _position = shift;
        }

        public MemoryStream Inner { get; } = new();
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => Inner.Length + shift;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position < shift)
            {
                int zeros = (int)Math.Min(count, shift - _position);
                Array.Clear(buffer, offset, zeros);
                _position += zeros;
                return zeros;
            }

            Inner.Position = _position - shift;
            int n = Inner.Read(buffer, offset, count);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Inner.Position = _position - shift;
            Inner.Write(buffer);
            _position += buffer.Length;
        }
    }

    private const string Script = """
        import numpy as np, io, json, base64, sys, zipfile
        class Shifted:
            def __init__(self, shift): self.b = io.BytesIO(); self.shift = shift
            def write(self, d): return self.b.write(d)
            def tell(self): return self.b.tell() + self.shift
            def seek(self, pos, whence=0):
                return (self.b.seek(pos - self.shift) if whence == 0 else self.b.seek(pos, whence)) + self.shift
            def read(self, n=-1): return self.b.read(n)
            def flush(self): pass
            def seekable(self): return True
        out = {}
        for shift in (3 << 30, 5 << 30):
            f = Shifted(shift); np.savez(f, a=np.arange(5.0), b=np.arange(3, dtype='<i2')); out[str(shift)] = base64.b64encode(f.b.getvalue()).decode()
        f = io.BytesIO()
        with zipfile.ZipFile(f, 'w', allowZip64=True) as z:
            for i in range(65600):
                with z.open('m%d' % i, 'w', force_zip64=True) as w: w.write(b'x')
        out['many'] = base64.b64encode(f.getvalue()).decode()
        json.dump(out, sys.stdout)
        """;

    [Fact]
    public void Large_offsets_and_many_members_match_cpython()
    {
        ExternalTools.RequireNewBandNumpy();
        using var json = JsonDocument.Parse(ExternalTools.Python(Script, newBand: true));
        var npyA = ExternalTools.Python("import numpy as np, io, sys\nf = io.BytesIO(); np.lib.format.write_array(f, np.arange(5.0)); sys.stdout.buffer.write(f.getvalue())", newBand: true);
        var npyB = ExternalTools.Python("import numpy as np, io, sys\nf = io.BytesIO(); np.lib.format.write_array(f, np.arange(3, dtype='<i2')); sys.stdout.buffer.write(f.getvalue())", newBand: true);
        Assert.Equal(0x93, npyA[0]);
        foreach (long shift in new[] { 3L << 30, 5L << 30 })
        {
            var target = new ShiftedStream(shift);
            using (var w = new ZipWriter(target, new ZipWriterOptions(), leaveOpen: true))
            {
                w.AddEntry("a.npy", ZipCompressionMethod.Stored, default, npyA, TestContext.Current.CancellationToken);
                w.AddEntry("b.npy", ZipCompressionMethod.Stored, default, npyB, TestContext.Current.CancellationToken);
            }

            var expected = Convert.FromBase64String(json.RootElement.GetProperty(shift.ToString()).GetString()!);
            Assert.Equal(expected, target.Inner.ToArray());

            // And our reader follows the ZIP64 offsets back.
            target.Position = shift;
            using var reader = ZipReader.Open(target, NpyLimits.Default, leaveOpen: true);
            Assert.Equal(shift, reader.Entries[0].LocalHeaderOffset);
            Assert.Equal(npyB, ZipTestUtil.ReadMember(reader, reader.Entries[1]));
        }

        var many = ZipTestUtil.Write(w =>
        {
            for (int i = 0; i < 65600; i++)
            {
                w.AddEntry($"m{i}", ZipCompressionMethod.Stored, default, "x"u8.ToArray(), TestContext.Current.CancellationToken);
            }
        });
        Assert.Equal(Convert.FromBase64String(json.RootElement.GetProperty("many").GetString()!), many);
    }
}
