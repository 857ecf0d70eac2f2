using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Npy.Compression;

/// <summary>
/// Calls the zlib-ng that ships with .NET directly, for what <see cref="DeflateStream"/> cannot set: the window size.
/// </summary>
/// <remarks>
/// .NET 10's <see cref="ZLibCompressionOptions"/> sets the level and strategy but always uses zlib's largest window
/// (32 KiB). The runtime's compression shim (<c>libSystem.IO.Compression.Native</c>) exports the zlib calls its own
/// streams use, with the window size as a parameter; this class looks them up in that library, which every
/// framework-dependent .NET process has loaded. Where the lookup fails (a runtime that links the shim statically, or
/// renames it), <see cref="IsAvailable"/> is false and callers keep to <see cref="DeflateStream"/>.
/// <para>
/// On the shim's side a stream is its <c>PAL_ZStream</c>: the fields below, copied into and out of zlib's own
/// <c>z_stream</c> on every call, so the struct itself may live anywhere between calls.
/// </para>
/// </remarks>
internal static unsafe class NativeDeflater
{
    private const int Deflated = 8;
    private const int DefaultMemoryLevel = 8;
    private const int DefaultStrategy = 0;
    private const int NoFlush = 0;
    private const int SyncFlush = 2;
    private const int Finish = 4;
    private const int Ok = 0;
    private const int StreamEnd = 1;
    private const int BufferError = -5;

    private static readonly delegate* unmanaged<ZStream*, int, int, int, int, int, int> s_init;
    private static readonly delegate* unmanaged<ZStream*, int, int> s_deflate;
    private static readonly delegate* unmanaged<ZStream*, int> s_end;

#pragma warning disable CA1810 // the three exports are looked up together, once
    static NativeDeflater()
#pragma warning restore CA1810
    {
        if (AppContext.TryGetSwitch("Npy.DisableNativeDeflater", out bool disabled) && disabled)
        {
            return;
        }

        if (NativeLibrary.TryLoad("libSystem.IO.Compression.Native", typeof(DeflateStream).Assembly, null, out nint library)
            || NativeLibrary.TryLoad("System.IO.Compression.Native", typeof(DeflateStream).Assembly, null, out library))
        {
            if (NativeLibrary.TryGetExport(library, "CompressionNative_DeflateInit2_", out nint init)
                && NativeLibrary.TryGetExport(library, "CompressionNative_Deflate", out nint deflate)
                && NativeLibrary.TryGetExport(library, "CompressionNative_DeflateEnd", out nint end))
            {
                s_init = (delegate* unmanaged<ZStream*, int, int, int, int, int, int>)init;
                s_deflate = (delegate* unmanaged<ZStream*, int, int>)deflate;
                s_end = (delegate* unmanaged<ZStream*, int>)end;
            }
        }
    }

    /// <summary>Gets whether the runtime's zlib-ng could be called directly in this process.</summary>
    public static bool IsAvailable => s_init != null;

    /// <summary>
    /// Deflates <paramref name="first"/> followed by <paramref name="second"/> into <paramref name="output"/> as raw
    /// deflate with a window of 2^<paramref name="windowBits"/> bytes, ending with a final block when
    /// <paramref name="isLast"/> and with a sync flush (<c>00 00 FF FF</c>) otherwise.
    /// </summary>
    /// <returns>The bytes written, or -1 when they do not fit in <paramref name="output"/>.</returns>
    /// <exception cref="InvalidOperationException">zlib-ng refused the parameters or ran out of memory.</exception>
    public static int Deflate(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> output, int level, int windowBits, bool isLast)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("The runtime's zlib-ng is not available in this process.");
        }

        ZStream stream = default;
        int initialized = s_init(&stream, level, Deflated, -windowBits, DefaultMemoryLevel, DefaultStrategy);
        try
        {
            Check(initialized);
            fixed (byte* firstBytes = first)
            fixed (byte* secondBytes = second)
            fixed (byte* outputBytes = output)
            {
                stream.NextOut = outputBytes;
                stream.AvailOut = (uint)output.Length;
                if (!first.IsEmpty && !Feed(&stream, firstBytes, first.Length, NoFlush))
                {
                    return -1;
                }

                // An empty span gives a null pointer, which zlib takes with a length of 0.
                if (!Feed(&stream, secondBytes, second.Length, isLast ? Finish : SyncFlush))
                {
                    return -1;
                }

                return output.Length - (int)stream.AvailOut;
            }
        }
        finally
        {
            // The shim allocates its z_stream before zlib's own initialisation, so that is freed here even when the
            // latter failed. Ending a stream that was not finished (a sync-flushed chunk) reports Z_DATA_ERROR:
            // nothing to act on.
            if (stream.InternalState != null)
            {
                s_end(&stream);
            }
        }
    }

    // Runs zlib-ng over length bytes with the given flush; false when the output space ran out first.
    private static bool Feed(ZStream* stream, byte* input, int length, int flush)
    {
        stream->NextIn = input;
        stream->AvailIn = (uint)length;
        while (true)
        {
            int result = s_deflate(stream, flush);
            if (result == StreamEnd)
            {
                return true;
            }

            if (result == BufferError)
            {
                // No progress was possible: the output is full.
                return false;
            }

            if (result != Ok)
            {
                throw new InvalidOperationException($"zlib-ng's deflate failed ({result}).");
            }

            if (stream->AvailOut == 0)
            {
                // Full output: zlib may still hold pending bytes, so the result cannot be complete.
                return false;
            }

            if (stream->AvailIn == 0 && flush == NoFlush)
            {
                return true;
            }

            if (stream->AvailIn == 0 && flush == SyncFlush)
            {
                // With output space left after a sync flush, everything has been written.
                return true;
            }
        }
    }

    private static void Check(int result)
    {
        if (result != Ok)
        {
            throw new InvalidOperationException($"zlib-ng's deflateInit2 failed ({result}).");
        }
    }

    // The shim's PAL_ZStream.
    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public byte* NextIn;
        public byte* NextOut;
        public sbyte* Msg;
        public void* InternalState;
        public uint AvailIn;
        public uint AvailOut;
    }
}
