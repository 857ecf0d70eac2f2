using System.Diagnostics;
using Npy.Tests.Helpers;

namespace Npy.Tests.Hostile;

/// <summary>
/// hostile-input.md Z14: stored members of 4 GiB − 1, 4 GiB − 2, exactly 4 GiB and 5 GiB, and local headers exactly
/// at and past 4 GiB, in sparse files (no disk blocks for the zeros). Skipped when less than 12 GB is free.
/// </summary>
public class Zip64BoundaryTests
{
    private const long GiB = 1L << 30;

    private static void SkipUnlessRoomFor(string folder)
    {
        long free = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(folder))!).AvailableFreeSpace;
        Assert.SkipWhen(free < 12_000_000_000, $"Z14 needs 12 GB free for its sparse files; {free} bytes are free.");
    }

    [Fact]
    public void Z14_members_at_the_4GiB_boundaries_are_listed_and_their_headers_read()
    {
        using var dir = new TempDir();
        SkipUnlessRoomFor(dir.Path);
        string path = dir.File("boundaries.npz");
        (string, long)[] members = [("m1.npy", (4 * GiB) - 1), ("m2.npy", (4 * GiB) - 2), ("m3.npy", 4 * GiB), ("m4.npy", 5 * GiB)];
        long[] offsets = SparseZip.Write(path, members);
        Assert.True(offsets[1] > 4 * GiB);

        using (NpzReader npz = NpzFile.Open(path))
        {
            Assert.Equal(["m1", "m2", "m3", "m4"], npz.Files);
            for (int i = 0; i < members.Length; i++)
            {
                Assert.Equal(members[i].Item2, npz.Members[i].Size);

                // Default limits: a clean limit error, not an attempt to allocate.
                Assert.Equal(nameof(NpyLimits.MaxArrayBytes), Assert.Throws<NpyLimitExceededException>(() => npz.Read(npz.Files[i])).OptionName);
            }
        }

        using NpzReader trusted = NpzFile.Open(path, NpyLimits.Trusted);
        for (int i = 0; i < members.Length; i++)
        {
            Assert.Equal([members[i].Item2 - 128], trusted.ReadHeader(trusted.Files[i]).Shape);
        }

        // More than a managed array holds: refused cleanly even trusted; streaming is the way to read it.
        Assert.ThrowsAny<NpyInvalidDataException>(() => trusted.Read("m4"));

        // The member just below 4 GiB, stored past 4 GiB, streams in full and its CRC-32 checks out.
        var sw = Stopwatch.StartNew();
        using Stream s = trusted.OpenMember("m2");
        var buffer = new byte[4 << 20];
        long total = 0;
        int n;
        while ((n = s.Read(buffer)) > 0)
        {
            total += n;
        }

        Assert.Equal((4 * GiB) - 2, total);
    }

    [Fact]
    public void Z14_local_header_exactly_at_4GiB()
    {
        using var dir = new TempDir();
        SkipUnlessRoomFor(dir.Path);
        string path = dir.File("offset.npz");
        long[] offsets = SparseZip.Write(path, ("p.npy", (4 * GiB) - 30 - 5 - 20), ("q.npy", 1000));
        Assert.Equal(4 * GiB, offsets[1]);
        using NpzReader npz = NpzFile.Open(path);
        byte[] q = npz.Read<byte>("q");
        Assert.Equal(1000 - 128, q.Length);
        Assert.True(q.AsSpan().IndexOfAnyExcept((byte)0) < 0);
    }
}
