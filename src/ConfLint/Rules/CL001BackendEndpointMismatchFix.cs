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
    public static Fix? Create(FrontEnd frontEnd, EndpointSite target, BackEnd backEnd, EndpointSite listener, bool certain)
    {
        var connect = listener.Endpoint.Kind == EndpointKind.Unix || !listener.Endpoint.IsWildcardHost
            ? listener.Endpoint
            : Endpoint.Tcp("127.0.0.1", listener.Endpoint.Port);
        if (connect.Kind is not (EndpointKind.Unix or EndpointKind.Tcp))
        {
            return null;
        }

        var upstreamServer = !ReferenceEquals(target.DefinedAt, frontEnd.Directive);
        var replacement = target.Target!.WithEndpoint(connect);
        var what = upstreamServer ? "the upstream server" : frontEnd.DirectiveName;
        var edits = new List<FileEdit> { Edits.ReplaceValue(target.File, target.Token!.Value, replacement) };
        edits.AddRange(ReverseMappings(frontEnd, target, replacement));
        return new Fix(
            $"Point {what} at {(connect.Kind == EndpointKind.Unix ? "unix:" + connect.Path : connect.Describe())}" + (certain ? string.Empty : $" ({backEnd.Describe()}, the closest of several)"),
            certain ? Applicability.Safe : Applicability.Unsafe,
            edits);
    }

    /// <summary>Apache's <c>ProxyPassReverse</c> beside a <c>ProxyPass</c>, naming the same URL, moves with it: it rewrites
    /// the back end's redirects.</summary>
    private static IEnumerable<FileEdit> ReverseMappings(FrontEnd frontEnd, EndpointSite target, string replacement)
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
                    if (reverse.Args[i] == target.Token?.Value)
                    {
                        yield return Edits.ReplaceValue(target.File, reverse.Arguments[i], replacement);
                    }
                }
            }
        }
    }
}
