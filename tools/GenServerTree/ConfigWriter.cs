using System.Text;

namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// Builds one file's text: LF line ends on every machine, blocks indented by a fixed unit. Numbers are
/// formatted by interpolation, which is culture-free because the project runs with InvariantGlobalization.
/// </summary>
public sealed class ConfigWriter(string indentUnit = "    ")
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public ConfigWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < _depth; i++)
            {
                _text.Append(indentUnit);
            }

            _text.Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>Writes <c>header {</c> and indents what follows until <see cref="Close"/>.</summary>
    public ConfigWriter Open(string header)
    {
        Line(header + " {");
        _depth++;
        return this;
    }

    public ConfigWriter Close()
    {
        _depth--;
        return Line("}");
    }

    public override string ToString() => _text.ToString();
}
