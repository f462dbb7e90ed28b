using ConfLint.Diagnostics;
using ConfLint.Rules.Support;
using ConfLint.Host;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Rules;

/// <summary>
/// CL001's fix: point the front end at the back end that matches, written in the form the target already has
/// (<c>unix:PATH</c> or <c>HOST:PORT</c>; a URL keeps its scheme and path; Apache's <c>unix:PATH|fcgi://...</c>
/// keeps its handler URL). A wildcard listener is reached on 127.0.0.1.
/// </summary>
internal static class CL001BackendEndpointMismatchFix
{
    public static Fix? Create(FrontEnd frontEnd, FrontEndTarget target, BackEnd backEnd, BackEndListener listener, bool certain)
    {
        var connect = listener.Endpoint.Kind == EndpointKind.Unix || !listener.Endpoint.IsWildcardHost
            ? listener.Endpoint
            : Endpoint.Tcp("127.0.0.1", listener.Endpoint.Port);
        if (connect.Kind is not (EndpointKind.Unix or EndpointKind.Tcp))
        {
            return null;
        }

        var upstreamServer = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var replacement = upstreamServer ? Address(connect)
            : frontEnd.Server == "nginx" ? RetargetNginx(target.Token.Value, connect)
            : RetargetApache(target.Token.Value, connect);
        var written = Requote(target.Token, replacement);
        var what = upstreamServer ? "the upstream server" : frontEnd.DirectiveName;
        var edits = new List<FileEdit> { Edits.ReplaceToken(target.File, target.Token, written) };
        edits.AddRange(ReverseMappings(frontEnd, target, replacement));
        return new Fix(
            $"Point {what} at {(connect.Kind == EndpointKind.Unix ? "unix:" + connect.Path : connect.Describe())}" + (certain ? string.Empty : $" ({backEnd.Describe()}, the closest of several)"),
            certain ? Applicability.Safe : Applicability.Unsafe,
            edits);
    }

    /// <summary>Apache's <c>ProxyPassReverse</c> beside a <c>ProxyPass</c>, naming the same URL, moves with it: it rewrites
    /// the back end's redirects.</summary>
    private static IEnumerable<FileEdit> ReverseMappings(FrontEnd frontEnd, FrontEndTarget target, string replacement)
    {
        if (frontEnd.Directive is not ApacheDirective pass || !pass.IsNamed("ProxyPass") || replacement.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        var siblings = pass.ParentSection?.Items ?? (pass.Parent as ApacheConfigFile)?.Items ?? [];
        foreach (var item in siblings)
        {
            if (item is ApacheDirective reverse && reverse.IsNamed("ProxyPassReverse"))
            {
                for (var i = 0; i < reverse.Arguments.Count; i++)
                {
                    if (reverse.Args[i] == target.Token.Value)
                    {
                        yield return Edits.ReplaceToken(target.File, reverse.Arguments[i], Requote(reverse.Arguments[i], replacement));
                    }
                }
            }
        }
    }

    private static string Address(Endpoint endpoint) => endpoint.Kind == EndpointKind.Unix ? "unix:" + endpoint.Path : endpoint.Describe();

    /// <summary><c>unix:PATH</c>/<c>HOST:PORT</c>, or <c>scheme://ADDRESS/uri</c> with the scheme and URI kept
    /// (a socket in a URL is <c>scheme://unix:PATH:/uri</c>).</summary>
    private static string RetargetNginx(string old, Endpoint connect)
    {
        var separator = old.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            return Address(connect);
        }

        var scheme = old[..separator];
        var rest = old[(separator + 3)..];
        string uri;
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var colon = rest.IndexOf(':', 5);
            uri = colon >= 0 ? rest[(colon + 1)..] : string.Empty;
        }
        else
        {
            var slash = rest.IndexOf('/');
            uri = slash >= 0 ? rest[slash..] : string.Empty;
        }

        return connect.Kind == EndpointKind.Unix
            ? $"{scheme}://unix:{connect.Path}" + (uri.Length > 0 ? ":" + uri : string.Empty)
            : $"{scheme}://{connect.Describe()}{uri}";
    }

    /// <summary>Apache: <c>[proxy:]unix:PATH|URL</c> or <c>[proxy:]scheme://HOST:PORT/path</c>.</summary>
    private static string RetargetApache(string old, Endpoint connect)
    {
        var prefix = old.StartsWith("proxy:", StringComparison.OrdinalIgnoreCase) ? old[..6] : string.Empty;
        var value = old[prefix.Length..];
        string url;
        if (value.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var bar = value.IndexOf('|');
            url = bar >= 0 ? value[(bar + 1)..] : "http://localhost/";
        }
        else
        {
            url = value;
        }

        if (connect.Kind == EndpointKind.Unix)
        {
            return $"{prefix}unix:{connect.Path}|{url}";
        }

        var separator = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = separator >= 0 ? url[..separator] : "http";
        var rest = separator >= 0 ? url[(separator + 3)..] : url;
        var slash = rest.IndexOf('/');
        return $"{prefix}{scheme}://{connect.Describe()}{(slash >= 0 ? rest[slash..] : string.Empty)}";
    }

    /// <summary>The new value written as the old one was: in the same quotes, or bare when it can be.</summary>
    internal static string Requote(SyntaxToken token, string value)
    {
        if (token.Kind == TokenKind.QuotedString)
        {
            var quote = token.Tree.Source.Text[token.Start];
            return quote + value.Replace(quote.ToString(), "\\" + quote, StringComparison.Ordinal) + quote;
        }

        return token.Tree.Kind == ConfigKind.Apache ? ApacheText.Quote(value) : NginxText.Quote(value);
    }
}
