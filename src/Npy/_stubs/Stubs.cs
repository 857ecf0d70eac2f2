#pragma warning disable CS1591, CA1024, CA1051, CA1822, CA2211
namespace Npy;
public enum NpyByteOrder { NotApplicable, Little, Big }
public enum NpyKind { Bool, Int, UInt, Float, Complex, Bytes, Unicode, Void, DateTime, TimeDelta, Object, Structured, Subarray }
public sealed class NpyDType : IEquatable<NpyDType>
{
    public NpyKind Kind { get; init; }
    public NpyByteOrder ByteOrder { get; init; }
    public int ItemSize { get; init; }
    public string? DateTimeUnit { get; init; }
    public int DateTimeMultiplier { get; init; } = 1;
    public IReadOnlyList<NpyField> Fields { get; init; } = [];
    public NpyDType? SubarrayBase { get; init; }
    public IReadOnlyList<int> SubarrayShape { get; init; } = [];
    public bool HasObject { get; init; }
    public bool IsNativeByteOrder => true;
    public NpyDType WithByteOrder(NpyByteOrder order) => this;
    public static NpyDType Parse(string descr) => throw new NotSupportedException();
    public static bool TryParse(string? descr, out NpyDType? dtype) { dtype = null; return false; }
    public bool Equals(NpyDType? other) => false;
    public override bool Equals(object? obj) => false;
    public override int GetHashCode() => 0;
    public override string ToString() => "";
    public static NpyDType Bool { get; } = new();
    public static NpyDType Int8 { get; } = new();
    public static NpyDType UInt8 { get; } = new();
    public static NpyDType Int16 { get; } = new();
    public static NpyDType UInt16 { get; } = new();
    public static NpyDType Int32 { get; } = new();
    public static NpyDType UInt32 { get; } = new();
    public static NpyDType Int64 { get; } = new();
    public static NpyDType UInt64 { get; } = new();
    public static NpyDType Float16 { get; } = new();
    public static NpyDType Float32 { get; } = new();
    public static NpyDType Float64 { get; } = new();
    public static NpyDType Complex64 { get; } = new();
    public static NpyDType Complex128 { get; } = new();
    public static NpyDType Bytes(int length) => new();
    public static NpyDType Unicode(int length, NpyByteOrder order = NpyByteOrder.Little) => new();
    public static NpyDType Void(int size) => new();
    public static NpyDType DateTime64(string? unit, int multiplier = 1, NpyByteOrder order = NpyByteOrder.Little) => new();
    public static NpyDType TimeDelta64(string? unit, int multiplier = 1, NpyByteOrder order = NpyByteOrder.Little) => new();
    public static NpyDType Structured(IEnumerable<NpyField> fields, int? itemSize = null) => new();
    public static NpyDType Subarray(NpyDType baseType, IReadOnlyList<int> shape) => new();
}
public sealed class NpyField
{
    public NpyField(string name, NpyDType dtype, int offset, IReadOnlyList<int>? shape = null, string? title = null) { Name = name; DType = dtype; Offset = offset; Shape = shape ?? []; Title = title; }
    public string Name { get; }
    public string? Title { get; }
    public NpyDType DType { get; }
    public int Offset { get; }
    public IReadOnlyList<int> Shape { get; }
    public int ItemSize => 0;
}
public sealed class NpyHeader
{
    public NpyHeader(NpyDType dtype, IReadOnlyList<long> shape, bool fortranOrder) { DType = dtype; Shape = shape; FortranOrder = fortranOrder; }
    public NpyDType DType { get; }
    public IReadOnlyList<long> Shape { get; }
    public bool FortranOrder { get; }
    public long ElementCount => 0;
    public long DataLength => 0;
    public int FormatVersion => 1;
    public int PrefixLength => 128;
    public byte[] Format(int? version = null) => [];
    public static bool TryGetPrefixLength(ReadOnlySpan<byte> start, NpyLimits? limits, out int prefixLength) { prefixLength = 0; return false; }
    public static NpyHeader Parse(ReadOnlySpan<byte> prefix, NpyLimits? limits = null) => throw new NotSupportedException();
    public static bool IsNpyMagic(ReadOnlySpan<byte> start) => false;
}
