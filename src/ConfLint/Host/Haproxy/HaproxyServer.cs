using ConfLint.Syntax;

namespace ConfLint.Host.Haproxy;

/// <summary>
/// A <c>server</c> (or <c>server-template</c>) line of a backend: its name, its address and its parameters, with the
/// <c>default-server</c> parameters of its proxy and of the defaults it inherits filling in what it does not set.
/// </summary>
public sealed class HaproxyServer
{
    internal HaproxyServer(HaproxySetting setting, HaproxyProxy proxy, bool isTemplate)
    {
        Setting = setting;
        Proxy = proxy;
        IsTemplate = isTemplate;
        var addressIndex = isTemplate ? 2 : 1;
        Name = setting.Arg(0) ?? string.Empty;
        Address = setting.Arg(addressIndex);
        var arguments = setting.Line.KeywordArguments;
        AddressToken = addressIndex < arguments.Count ? arguments[addressIndex] : null;
        Parameters = setting.Args.Skip(addressIndex + 1).ToArray();
        Target = Address is null ? null : HaproxyAddress.Parse(Address, setting.Unknown && HaproxyTextHasVariable(setting, addressIndex));
    }

    public HaproxySetting Setting { get; }

    public HaproxyProxy Proxy { get; }

    /// <summary>A <c>server-template</c>: one name and address for several servers, meant for DNS.</summary>
    public bool IsTemplate { get; }

    public string Name { get; }

    /// <summary>The address as HAProxy reads it, or null when the line has none.</summary>
    public string? Address { get; }

    public SyntaxToken? AddressToken { get; }

    public ProxyTarget? Target { get; }

    /// <summary>The words after the address.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>The value of a parameter that takes one (<c>resolvers dns</c>), from the line, else from
    /// <c>default-server</c>; null when neither sets it.</summary>
    public string? Parameter(string name) => ValueAfter(Parameters, name) ?? Proxy.DefaultServerParameter(name);

    /// <summary>Whether a flag (<c>check</c>, <c>disabled</c>) is on the line or on a <c>default-server</c> line.</summary>
    public bool Has(string flag) => Parameters.Contains(flag) || Proxy.DefaultServerHas(flag);

    /// <summary>Whether HAProxy resolves the name at run time: the server names a <c>resolvers</c> section.</summary>
    public bool ResolvesAtRunTime => Parameter("resolvers") is not null;

    public override string ToString() => $"server {Name} {Address}";

    internal static string? ValueAfter(IReadOnlyList<string> words, string name)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (words[i] == name)
            {
                return words[i + 1];
            }
        }

        return null;
    }

    private static bool HaproxyTextHasVariable(HaproxySetting setting, int index) =>
        index < setting.Line.KeywordArguments.Count && Syntax.Haproxy.HaproxyText.HasVariable(setting.Line.KeywordArguments[index]);
}
