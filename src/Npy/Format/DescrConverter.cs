using System.Runtime.CompilerServices;

namespace Npy.Format;

/// <summary>Turns a parsed descr literal into an <see cref="NpyDType"/>, following NumPy's <c>descr_to_dtype</c>.</summary>
/// <remarks>
/// Recursion follows the literal's nesting, which <see cref="PyLiteralParser"/> already capped at
/// <see cref="NpyLimits.MaxNestingDepth"/>; a stack probe guards against absurdly raised limits.
/// </remarks>
internal static class DescrConverter
{
    /// <summary>Converts a descr node (string, list of field tuples, or <c>(base, shape)</c> tuple).</summary>
    /// <exception cref="NpyFormatException">The descr is not a valid dtype descriptor.</exception>
    /// <exception cref="NpyLimitExceededException">An item size exceeds <see cref="NpyLimits.MaxItemSize"/>.</exception>
    public static NpyDType Convert(PyNode node, NpyLimits limits)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new NpyFormatException($"The descr at byte offset {node.Offset} is nested too deeply.");
        }

        switch (node)
        {
            case PyString { IsBytes: false } s:
                return NpyDType.ParseSimple(s.Value, limits) ?? throw Invalid(node);
            case PySequence { IsTuple: true, Items.Count: 2 } t:
                return WithShape(Convert(t.Items[0], limits), t.Items[1], limits);
            case PySequence { IsTuple: false } list:
                return ConvertStruct(list, limits);
            default:
                throw Invalid(node);
        }
    }

    private static NpyDType ConvertStruct(PySequence list, NpyLimits limits)
    {
        var fields = new List<NpyField>(list.Items.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        long offset = 0;
        foreach (PyNode entryNode in list.Items)
        {
            if (entryNode is not PySequence { Items.Count: 2 or 3 } entry)
            {
                throw new NpyFormatException($"A structured descr entry must be (name, format) or (name, format, shape), not {entryNode.ToShortRepr()} (byte offset {entryNode.Offset}).");
            }

            (string name, string? title) = ReadName(entry.Items[0]);
            NpyDType dt = Convert(entry.Items[1], limits);
            if (entry.Items.Count == 3)
            {
                dt = WithShape(dt, entry.Items[2], limits);
            }

            // NumPy treats an unnamed void without fields (including any subarray, whose type is void) as padding.
            bool isPad = title is null && name.Length == 0 && dt.Kind is NpyKind.Void or NpyKind.Subarray;
            if (!isPad)
            {
                if (!names.Add(name))
                {
                    throw Duplicate(name, entry);
                }

                if (title is not null && !names.Add(title))
                {
                    throw Duplicate(title, entry);
                }

                fields.Add(new NpyField(name, dt, (int)offset, null, title));
            }

            offset = CheckSize(offset + dt.ItemSize, limits);
        }

        return NpyDType.CreateStructuredUnchecked([.. fields], (int)offset);
    }

    private static (string Name, string? Title) ReadName(PyNode node)
    {
        if (node is PyString { IsBytes: false } s)
        {
            return (s.Value, null);
        }

        if (node is PySequence { IsTuple: true, Items: [PyString { IsBytes: false } title, PyString { IsBytes: false } name] })
        {
            return (name.Value, title.Value);
        }

        throw new NpyFormatException($"A field name must be a str or a (title, name) tuple of str, not {node.ToShortRepr()} (byte offset {node.Offset}).");
    }

    /// <summary>Applies a subarray shape: a tuple of dims, or an int n meaning (n,) except that 1 means a scalar (NumPy's deprecated synonym).</summary>
    private static NpyDType WithShape(NpyDType baseType, PyNode shapeNode, NpyLimits limits)
    {
        int[] shape;
        if (shapeNode is PyInt single)
        {
            shape = single.Value == 1 ? [] : [Dim(single)];
        }
        else if (shapeNode is PySequence { IsTuple: true } tuple)
        {
            if (tuple.Items.Count > limits.MaxDimensions)
            {
                throw new NpyLimitExceededException("number of subarray dimensions", tuple.Items.Count, limits.MaxDimensions, nameof(NpyLimits.MaxDimensions), NpyConstants.MaxDimensionsFlag);
            }

            shape = new int[tuple.Items.Count];
            for (int i = 0; i < shape.Length; i++)
            {
                shape[i] = tuple.Items[i] is PyInt d ? Dim(d) : throw InvalidShape(shapeNode);
            }
        }
        else
        {
            throw InvalidShape(shapeNode);
        }

        if (shape.Length == 0)
        {
            return baseType;
        }

        long size = baseType.ItemSize;
        foreach (int d in shape)
        {
            size = CheckSize(size * d, limits);
        }

        return NpyDType.CreateSubarrayUnchecked(baseType, shape, (int)size);
    }

    private static int Dim(PyInt d)
    {
        if (d.Value < 0)
        {
            throw new NpyFormatException($"negative subarray dimension {d.Value} at byte offset {d.Offset}.");
        }

        if (d.Value > int.MaxValue)
        {
            throw new NpyFormatException($"The subarray dimension at byte offset {d.Offset} is too large.");
        }

        return (int)d.Value;
    }

    /// <summary>Checks a running size against <see cref="NpyLimits.MaxItemSize"/>; sizes stay far below overflow because each factor was checked.</summary>
    private static long CheckSize(long size, NpyLimits limits)
    {
        if (size > limits.MaxItemSize || size > int.MaxValue)
        {
            if (size > limits.MaxItemSize)
            {
                throw new NpyLimitExceededException("item size", size, limits.MaxItemSize, nameof(NpyLimits.MaxItemSize), NpyConstants.MaxItemSizeFlag);
            }

            throw new NpyFormatException($"The item size {size} is too large (over 2 GiB).");
        }

        return size;
    }

    private static NpyFormatException Duplicate(string name, PyNode entry)
        => new($"Field name or title {PyRepr.String(name)} is used more than once (byte offset {entry.Offset}).");

    private static NpyFormatException Invalid(PyNode node)
        => new($"descr is not a valid dtype descriptor: {node.ToShortRepr()} (byte offset {node.Offset}).");

    private static NpyFormatException InvalidShape(PyNode node)
        => new($"A subarray shape must be a tuple of non-negative ints, not {node.ToShortRepr()} (byte offset {node.Offset}).");
}
