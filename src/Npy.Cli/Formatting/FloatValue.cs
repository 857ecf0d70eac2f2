namespace Npy.Cli.Formatting;

/// <summary>The precision a float was stored with, which decides its shortest round-trip digits.</summary>
internal enum FloatWidth
{
    Half,
    Single,
    Double,
}

/// <summary>A float widened to double, remembering the width it had in the file.</summary>
internal readonly record struct FloatValue(double Value, FloatWidth Width)
{
    public bool IsFinite => double.IsFinite(Value);
}
