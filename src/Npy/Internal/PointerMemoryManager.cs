using System.Buffers;

namespace Npy.Internal;

/// <summary>Exposes native memory (a mapped view, a pinned span) as <see cref="Memory{T}"/>; the owner keeps the memory alive.</summary>
/// <remarks>Nothing is pinned or freed here: the memory must outlive every use of the <see cref="Memory{T}"/> handed out.</remarks>
internal sealed unsafe class PointerMemoryManager<T> : MemoryManager<T>
    where T : unmanaged
{
    private readonly T* _pointer;
    private readonly int _length;

    public PointerMemoryManager(T* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<T> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
