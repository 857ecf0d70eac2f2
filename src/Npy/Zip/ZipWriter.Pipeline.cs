using Npy.Compression;

namespace Npy.Zip;

/// <content>The compression pipeline: chunk jobs run on the library's helper threads (small ones in batches) and are written in member order.</content>
internal sealed partial class ZipWriter
{
    // Stored chunks up to this size are hashed on the calling thread: scheduling would cost more.
    private const int InlineStoredLimit = 1 << 20;

    // Deflate chunks below this size are grouped into batches so many small members do not pay one task each.
    private const int SmallChunkLimit = 64 << 10;
    private const int BatchBytes = 256 << 10;
    private const int BatchCount = 64;

    private void Submit(PendingMember member, ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second, bool isLast, byte[]? pooledInput, CancellationToken cancellationToken)
    {
        int length = first.Length + second.Length;
        long cost = Cost(length);

        // Bounded memory: write finished chunks (blocking on the oldest) until this one fits the in-flight budget.
        Drain(Math.Max(0, _maxInFlightBytes - cost));
        bool isFirst = !member.Started;
        member.Started = true;
        if (isFirst && member.Method == ZipCompressionMethod.Deflate && !isLast)
        {
            // Only a member of several chunks has later chunks whose encoder its first one settles (W5's 20,000
            // single-chunk members allocate nothing for it). The window is decided here, before any chunk runs.
            member.EncoderChoice = new MemberEncoderChoice
            {
                SmallWindow = DeflateChunkEncoder.PrefersSmallWindow(first.Span, second.Span, _options.CompressionLevel),
            };
        }

        var job = new ChunkJob(member.Method, _options.CompressionLevel, first, second, isLast, pooledInput, cancellationToken)
        {
            EncoderChoice = member.EncoderChoice,
            IsFirst = isFirst,
        };
        try
        {
            if (_factory is null || (member.Method == ZipCompressionMethod.Stored && length <= InlineStoredLimit))
            {
                job.Run();
            }
            else if (length < SmallChunkLimit)
            {
                _openBatch.Add(job);
                _openBatchBytes += length;
                if (_openBatchBytes >= BatchBytes || _openBatch.Count >= BatchCount)
                {
                    DispatchBatch();
                }
            }
            else
            {
                DispatchBatch();
                _openBatch.Add(job);
                DispatchBatch();
            }
        }
        catch
        {
            job.Release();
            throw;
        }

        member.Chunks.Enqueue(job);
        _inFlightBytes += cost;
    }

    // What a chunk counts against the in-flight budget: its size, at least 1 KiB (tiny members still hold buffers), at most a chunk.
    private long Cost(int length) => Math.Max(1024, Math.Min(length, _options.ChunkSize));

    private void DispatchBatch()
    {
        if (_openBatch.Count == 0)
        {
            return;
        }

        var jobs = _openBatch;
        _openBatch = [];
        _openBatchBytes = 0;
        var task = _factory!.StartNew(() =>
        {
            foreach (var job in jobs)
            {
                job.Run();
            }
        });
        foreach (var job in jobs)
        {
            job.Batch = task;
        }
    }

    // Writes finished chunks in order; blocks on the oldest job while more than maxInFlightBytes are outstanding.
    private void Drain(long maxInFlightBytes)
    {
        while (_pending.Count > 0)
        {
            var member = _pending.Peek();
            while (member.Chunks.Count > 0)
            {
                var job = member.Chunks.Peek();
                if (!job.Done)
                {
                    if (job.Batch is null)
                    {
                        if (_inFlightBytes <= maxInFlightBytes)
                        {
                            return;
                        }

                        DispatchBatch();
                    }

                    if (!job.Batch!.IsCompleted && _inFlightBytes <= maxInFlightBytes)
                    {
                        return;
                    }

                    job.Batch.GetAwaiter().GetResult();
                }

                if (!member.HeaderWritten)
                {
                    // Written only once the first chunk is done: a member whose chunks are then all done (every
                    // single-chunk member) gets its final header at once and is never patched.
                    WriteLocalHeader(member);
                }

                // A member cancelled after its chunks were computed is not written further.
                job.ThrowIfCanceled();
                member.Chunks.Dequeue();
                _inFlightBytes -= Cost(job.UncompressedLength);
                try
                {
                    WriteChunk(member, job);
                }
                finally
                {
                    job.Release();
                }
            }

            if (!member.Sealed)
            {
                return;
            }

            if (!member.HeaderWritten)
            {
                WriteLocalHeader(member);
            }

            FinishMember(member);
            _pending.Dequeue();
            _written.Add(member);
        }
    }

    // When every chunk of a member is already computed, its CRC and sizes are known before the header is written, so a
    // seekable target is not sought back and forth (a file stream would flush its buffer twice per member). Out
    // parameters rather than a nullable tuple, which a ReadyToRun process would compile at run time.
    private static bool TryGetFinalValues(PendingMember member, out uint crc, out long compressed, out long uncompressed)
    {
        crc = 0;
        compressed = 0;
        uncompressed = 0;
        if (!member.Sealed)
        {
            return false;
        }

        bool first = true;
        foreach (var job in member.Chunks)
        {
            if (!job.Done)
            {
                return false;
            }

            crc = first ? job.Crc : Npy.Compression.Crc32Combine.Combine(crc, job.Crc, job.UncompressedLength);
            compressed += job.Compressed is null ? job.UncompressedLength : job.CompressedLength;
            uncompressed += job.UncompressedLength;
            first = false;
        }

        return true;
    }

    private void WriteChunk(PendingMember member, ChunkJob job)
    {
        long compressedLength;
        if (job.Compressed is { } compressed)
        {
            Write(compressed.AsSpan(0, job.CompressedLength));
            compressedLength = job.CompressedLength;
        }
        else
        {
            Write(job.First.Span);
            Write(job.Second.Span);
            compressedLength = job.UncompressedLength;
        }

        member.Crc = member.ChunkInfo.Count == 0 ? job.Crc : Npy.Compression.Crc32Combine.Combine(member.Crc, job.Crc, job.UncompressedLength);
        member.CompressedSize += compressedLength;
        member.UncompressedSize += job.UncompressedLength;
        member.ChunkInfo.Add((uint)compressedLength, job.Crc);
    }

    // After a failure or at disposal: let running jobs end so no pooled buffer leaks and no caller memory is read afterwards.
    private void ReleaseOutstanding()
    {
        _openBatch.Clear();
        _openBatchBytes = 0;
        foreach (var member in _pending)
        {
            foreach (var job in member.Chunks)
            {
                try
                {
                    job.Batch?.Wait();
                }
                catch (AggregateException)
                {
                    // The failure surfaced (or will) through Drain; here we only wait for the job to stop.
                }

                job.Release();
            }

            member.Chunks.Clear();
        }

        _pending.Clear();
        _inFlightBytes = 0;
        _openEntry?.Abandon();
        _openEntry = null;
    }
}
