using System.Text;

namespace ConfLint.Syntax.PhpFpm;

/// <summary>
/// Collects the text PHP reads from a value, section name or key. <c>${NAME}</c> is written as it stands, or, with a
/// resolver, replaced by the variable's value as PHP's <c>zend_ini_get_var</c> does (the name without its outer
/// spaces; an unknown variable reads as the empty string).
/// </summary>
internal sealed class PhpFpmValueBuilder
{
    private readonly StringBuilder _builder;
    private readonly Func<string, string?>? _variables;

    public PhpFpmValueBuilder(int capacity, Func<string, string?>? variables = null)
    {
        _builder = new StringBuilder(capacity);
        _variables = variables;
    }

    public PhpFpmValueBuilder Append(char c)
    {
        _builder.Append(c);
        return this;
    }

    public PhpFpmValueBuilder Append(string text, int start, int length)
    {
        _builder.Append(text, start, length);
        return this;
    }

    /// <summary>The variable <c>${NAME}</c> that spans <paramref name="start"/> to <paramref name="end"/>.</summary>
    public void AppendVariable(string text, int start, int end)
    {
        if (_variables is null)
        {
            _builder.Append(text, start, end - start);
            return;
        }

        var name = text.AsSpan(start + 2, end - start - 3).Trim(' ').ToString();
        _builder.Append(_variables(name));
    }

    public override string ToString() => _builder.ToString();
}
