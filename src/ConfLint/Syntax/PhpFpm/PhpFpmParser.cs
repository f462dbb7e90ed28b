using ConfLint.Text;

namespace ConfLint.Syntax.PhpFpm;

// Placeholder until the PhpFpm grammar lands: it is replaced, not extended.
public static class PhpFpmParser
{
    public static ParseResult Parse(SourceText source, ParseOptions? options = null) =>
        throw new NotSupportedException("the PhpFpm grammar is not written yet");
}
