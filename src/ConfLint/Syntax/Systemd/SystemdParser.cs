using ConfLint.Text;

namespace ConfLint.Syntax.Systemd;

// Placeholder until the Systemd grammar lands: it is replaced, not extended.
public static class SystemdParser
{
    public static ParseResult Parse(SourceText source, ParseOptions? options = null) =>
        throw new NotSupportedException("the Systemd grammar is not written yet");
}
