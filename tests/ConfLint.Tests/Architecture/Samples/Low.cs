using Up = ConfLint.Tests.Architecture.Samples.High.Report;

namespace ConfLint.Tests.Architecture.Samples.Low;

/// <summary>A lower layer that uses a higher one through a <c>using</c> alias: the layering check must still see it.</summary>
public static class Reader
{
    public static int Read() => new Up().Lines;
}
