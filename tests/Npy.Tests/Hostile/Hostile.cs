using System.Text;
using Npy.Tests.Format;

namespace Npy.Tests.Hostile;

/// <summary>Builders of hostile <c>.npy</c> inputs and the measuring helpers the table tests share.</summary>
internal static class Hostile
{
    /// <summary>A header dict around the given shape and descr, padded like NumPy, followed by <paramref name="data"/>.</summary>
    public static byte[] Npy(string shape, string descr = "'<f8'", byte[]? data = null, int version = 1) =>
        [.. HeaderBytes.Dict(shape, descr, version: version), .. data ?? []];

    /// <summary>A valid file written by our writer.</summary>
    public static byte[] Valid(NpyArray array)
    {
        var ms = new MemoryStream();
        using (var writer = new NpyWriter(ms, leaveOpen: true))
        {
            writer.Write(array);
        }

        return ms.ToArray();
    }

    public static byte[] ValidF8(int count) => Valid(NpyArray.FromArray(Enumerable.Range(0, count).Select(i => i * 0.5).ToArray()));

    /// <summary>A header of <paramref name="depth"/> open brackets inside a header length the default limits accept.</summary>
    public static byte[] DeepNesting(char open, int depth) => HeaderBytes.Make("{'descr': " + new string(open, depth));

    /// <summary>A structured descr nested <paramref name="depth"/> levels deep (the numpy#32488 pattern).</summary>
    public static byte[] DeepStructured(int depth)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            sb.Append("[('a', ");
        }

        sb.Append("'<f8'");
        for (int i = 0; i < depth; i++)
        {
            sb.Append(")]");
        }

        return HeaderBytes.Dict("(1,)", sb.ToString(), version: 2);
    }

    public static NpyArray Load(byte[] bytes, NpyLimits? limits = null)
    {
        using var reader = new NpyReader(new MemoryStream(bytes, writable: false), limits);
        return reader.Read();
    }

    /// <summary>Runs the action once to warm up (JIT, type loading), then again measuring the managed bytes it allocates.</summary>
    public static long Allocated<TException>(Action action)
        where TException : Exception
    {
        Assert.ThrowsAny<TException>(action);
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            action();
        }
        catch (TException)
        {
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>Asserts the exact exception type and a message fragment.</summary>
    public static T Throws<T>(Action action, string messagePart)
        where T : Exception
    {
        var ex = Assert.Throws<T>(action);
        Assert.Contains(messagePart, ex.Message, StringComparison.OrdinalIgnoreCase);
        return ex;
    }
}
