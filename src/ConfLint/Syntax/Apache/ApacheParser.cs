using ConfLint.Text;

namespace ConfLint.Syntax.Apache;

// Placeholder until the Apache grammar lands: it is replaced, not extended.
public static class ApacheParser
{
    public static ParseResult Parse(SourceText source, ParseOptions? options = null) =>
        throw new NotSupportedException("the Apache grammar is not written yet");
}
