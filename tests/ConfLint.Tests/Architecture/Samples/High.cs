namespace ConfLint.Tests.Architecture.Samples.High;

/// <summary>A higher layer; using the lower one is allowed.</summary>
public sealed class Report
{
    public int Lines { get; } = 1;

    public static int Count() => Low.Reader.Read();
}
