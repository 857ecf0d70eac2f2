namespace Npy.Cli.Tests.Helpers;

/// <summary>Malformed, over-limit and unsupported inputs (cases of the hostile-input plan): every one must give exit 3 and one line.</summary>
public static class HostileInputs
{
    /// <summary>Gets the names of the cases (for theories).</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string name in All().Keys)
        {
            data.Add(name);
        }

        return data;
    }

    /// <summary>
    /// Tells whether <c>ls</c> lists a case without error: it reads headers only, so it does not see a CRC error (found
    /// by reading the data), and it describes an object array (refused only when loaded).
    /// </summary>
    public static bool ListedByLs(string name) => name.StartsWith("Z9-", StringComparison.Ordinal) || name.StartsWith("N15-", StringComparison.Ordinal);

    /// <summary>Gets one case's bytes.</summary>
    public static byte[] Get(string name) => All()[name]();

    private static Dictionary<string, Func<byte[]>> All() => new()
    {
        // .npy (N1–N16)
        ["N1-empty.npy"] = () => [],
        ["N1-short-magic.npy"] = () => [0x93, (byte)'N', (byte)'U', (byte)'M', 0],
        ["N1-png.npy"] = () => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0],
        ["N2-version-4.npy"] = () => Patch(Samples.SmallNpy(), 6, 4),
        ["N3-header-past-end.npy"] = () => [0x93, .. "NUMPY"u8, 1, 0, 0xF8, 0xFF, .. "{'descr'"u8],
        ["N4-huge-header-length.npy"] = () => [0x93, .. "NUMPY"u8, 2, 0, 0xF0, 0xFF, 0xFF, 0xFF],
        ["N5-deep-nesting.npy"] = () => Samples.HandMadeNpy("{'descr': " + new string('[', 5000) + "}", 0),
        ["N6-unterminated.npy"] = () => Samples.HandMadeNpy("{'descr': '<f4', 'shape': (3,", 0),
        ["N7-extra-key.npy"] = () => Samples.HandMadeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'extrakey': -1, }", 24),
        ["N8-negative-dim.npy"] = () => Samples.HandMadeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 0),
        ["N10-65-dims.npy"] = () => Samples.HandMadeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (" + string.Concat(Enumerable.Repeat("1, ", 65)) + "), }", 8),
        ["N11-overflow.npy"] = () => Samples.HandMadeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", 0),
        ["N12-declares-800GB.npy"] = () => Samples.HandMadeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }", 0),
        ["N13-truncated-data.npy"] = () => Samples.SmallNpy()[..^1],
        ["N15-object.npy"] = () => Samples.HandMadeNpy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", 16),
        ["N16-bad-descr.npy"] = () => Samples.HandMadeNpy("{'descr': '<f3', 'fortran_order': False, 'shape': (2,), }", 6),

        // .npz (Z1–Z15)
        ["Z1-not-a-zip.npz"] = () => [(byte)'P', (byte)'K', 5, 6, .. new byte[10]],
        ["Z1-cut-in-half.npz"] = () => GoodNpz()[..(GoodNpz().Length / 2)],
        ["Z7-duplicate-names.npz"] = () => Samples.ReplaceAll(Samples.RawNpz(("w.npy", Samples.SmallNpy()), ("x.npy", Samples.SmallNpy())), "x.npy"u8.ToArray(), "w.npy"u8.ToArray()),
        ["Z8-local-name-differs.npz"] = () => PatchFirst(GoodNpz(), "a.npy"u8.ToArray(), "q.npy"u8.ToArray()),
        ["Z9-crc-mismatch.npz"] = () => FlipLastDataByte(GoodNpz()),
        ["Z12-encrypted-flag.npz"] = () => SetFlagBit0(GoodNpz()),
        ["Z15-nul-in-name.npz"] = () => Samples.ReplaceAll(Samples.RawNpz(("aXb.npy", Samples.SmallNpy())), "aXb"u8.ToArray(), "a\0b"u8.ToArray()),
        ["Z16-member-short-of-its-header.npz"] = () => Samples.RawNpz(("a.npy", Samples.SmallNpy()[..^8])),
    };

    private static byte[] GoodNpz() => Samples.RawNpz(("a.npy", Samples.SmallNpy()), ("b.npy", Samples.SmallNpy()));

    private static byte[] Patch(byte[] data, int offset, byte value)
    {
        data[offset] = value;
        return data;
    }

    private static byte[] PatchFirst(byte[] data, byte[] from, byte[] to)
    {
        int i = data.AsSpan().IndexOf(from);
        Assert.True(i >= 0);
        to.CopyTo(data, i);
        return data;
    }

    /// <summary>Flips the last data byte of the first stored member (its last array byte), leaving the CRC stale.</summary>
    private static byte[] FlipLastDataByte(byte[] npz)
    {
        // The first member is the small .npy; its data ends right before the second local header.
        int second = npz.AsSpan(4).IndexOf("PK\x03\x04"u8) + 4;
        npz[second - 1] ^= 0x55;
        return npz;
    }

    /// <summary>Marks every member as encrypted (general purpose flag bit 0) in local and central headers.</summary>
    private static byte[] SetFlagBit0(byte[] npz)
    {
        for (int i = 0; i + 4 <= npz.Length; i++)
        {
            if (npz.AsSpan(i, 4).SequenceEqual("PK\x03\x04"u8))
            {
                npz[i + 6] |= 1;
            }
            else if (npz.AsSpan(i, 4).SequenceEqual("PK\x01\x02"u8))
            {
                npz[i + 8] |= 1;
            }
        }

        return npz;
    }
}
