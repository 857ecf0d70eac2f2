using Npy.Cli.Infrastructure;

namespace Npy.Cli.Commands;

/// <summary>Copies one input member into an archive being written, keeping its name and its array's bytes.</summary>
internal static class MemberCopier
{
    /// <summary>Above this size an added array is written out before the next is read, so memory holds one large array at a time.</summary>
    private const long FlushThreshold = 64L << 20;

    public static void Copy(InputFile input, InputMember member, NpzWriter writer, Action<long> progress)
    {
        if (!input.IsArchive)
        {
            // A .npy file: stream its data into the member rather than holding it in memory.
            NpyHeader header = input.ReadHeader(member);
            using (Stream target = writer.OpenArray(member.Name, header))
            {
                input.CopyArrayData(header, target, progress);
            }

            return;
        }

        bool isNpyName = member.MemberName.EndsWith(NpyFile.Extension, StringComparison.Ordinal);
        if (isNpyName && input.IsArray(member))
        {
            // Reading validates the header and the CRC; the writer formats the same header NumPy would.
            NpyArray array = input.ReadArray(member);
            writer.Add(member.Name, array);
            if (array.Data.Length >= FlushThreshold)
            {
                writer.Flush();
            }
        }
        else
        {
            // Not an array (or an array under a name NumPy would not give it): copy the bytes exactly.
            writer.AddRaw(member.MemberName, input.ReadBytes(member));
            if (member.Size >= FlushThreshold)
            {
                writer.Flush();
            }
        }

        progress(member.Size);
    }
}
