namespace ConfLint.Syntax.Parsing;

/// <summary>What a production expected, with its failure message built once rather than on every failure.</summary>
internal sealed class Expected
{
    public Expected(string what)
    {
        What = what;
        Message = "expected " + what;
        Items = [what];
    }

    public string What { get; }

    public string Message { get; }

    public string[] Items { get; }

    public override string ToString() => What;
}
