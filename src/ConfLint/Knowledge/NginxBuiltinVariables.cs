namespace ConfLint.Knowledge;

/// <summary>nginx's built-in variables (<c>data/directives/nginx-variables.txt</c>, and the stream module's own in
/// <c>nginx-stream-variables.txt</c>): names, and prefixes such as <c>http_</c> that stand for a family
/// (<c>$http_x_forwarded_proto</c>).</summary>
public sealed class NginxBuiltinVariables
{
    private static readonly Lazy<NginxBuiltinVariables> Shared = new(() => new NginxBuiltinVariables(DirectiveData.Lines("nginx-variables.txt")));
    private static readonly Lazy<NginxBuiltinVariables> SharedStream = new(() => new NginxBuiltinVariables(DirectiveData.Lines("nginx-stream-variables.txt")));

    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _prefixes = [];

    private NginxBuiltinVariables(List<string> lines)
    {
        foreach (var line in lines)
        {
            if (line.EndsWith('_'))
            {
                _prefixes.Add(line);
            }
            else
            {
                _names.Add(line);
            }
        }
    }

    public static NginxBuiltinVariables Instance => Shared.Value;

    /// <summary>The stream module's variables: a namespace of their own.</summary>
    public static NginxBuiltinVariables Stream => SharedStream.Value;

    /// <summary>Whether nginx knows the variable without the configuration defining it (names compare without case,
    /// as ngx_http_get_variable lowers them).</summary>
    public bool IsBuiltIn(string name) => IsBuiltIn(name.AsSpan());

    /// <inheritdoc cref="IsBuiltIn(string)"/>
    public bool IsBuiltIn(ReadOnlySpan<char> name)
    {
        if (_names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
