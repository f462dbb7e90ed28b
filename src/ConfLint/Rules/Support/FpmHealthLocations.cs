using System.Text.RegularExpressions;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Host.PhpFpm;
using ConfLint.Knowledge;

namespace ConfLint.Rules.Support;

/// <summary>
/// nginx locations that only serve PHP-FPM's own health pages (<c>ping.path</c>, <c>pm.status_path</c>): tiny answers,
/// short deliberate timeouts, nothing a buffer or timeout rule should judge. A location counts when every path it can
/// match is one of those pages: <c>location = /fpm-ping</c>, or a regular expression that is only an alternation of
/// literal paths (<c>~ ^/(fpm-ping|fpm-status)$</c>). The pages are the reached pools' <c>ping.path</c> and
/// <c>pm.status_path</c>; where no pool of the front end is known, a path whose last part names a ping or status page
/// (<c>/ping</c>, <c>/fpm-status</c>, <c>/php-fpm-ping</c>) counts.
/// </summary>
public static partial class FpmHealthLocations
{
    public static bool ServesOnlyHealthPages(HostModel host, FrontEnd frontEnd)
    {
        if (frontEnd.Protocol != BackendProtocol.FastCgi || frontEnd.Details is not NginxPass { Scope: var scope })
        {
            return false;
        }

        var location = scope;
        while (location is not null && location.Context != NginxContext.Location)
        {
            location = location.Parent;
        }

        // Read once for each list of arguments (a large tree's locations share them: the parse keeps one array for each).
        if (location?.Directive is not { } directive || host.Shared("FpmHealthLocations.Paths", directive.Args, LiteralPaths) is not { Count: > 0 } paths)
        {
            return false;
        }

        var pools = frontEnd.Targets.SelectMany(t => host.Providers(t.Endpoint)).OfType<FpmPool>().ToList();
        if (pools.Count > 0)
        {
            var pages = pools.SelectMany(p => new[] { p.Get("ping.path"), p.Get("pm.status_path") }).OfType<string>().ToHashSet(StringComparer.Ordinal);
            return paths.All(pages.Contains);
        }

        return paths.All(p => HealthName().IsMatch(p));
    }

    /// <summary>The paths a location can match when they are a finite set of literals, or null.</summary>
    private static List<string>? LiteralPaths(IReadOnlyList<string> args)
    {
        if (args is ["=", var exact])
        {
            return [exact];
        }

        if (args is not ["~" or "~*", var regex])
        {
            return null;
        }

        var match = Alternation().Match(regex);
        if (!match.Success)
        {
            return null;
        }

        var prefix = match.Groups["prefix"].Value;
        var options = match.Groups["options"].Success ? match.Groups["options"].Value.Split('|') : [string.Empty];
        var paths = new List<string>();
        foreach (var option in options)
        {
            var path = (prefix + option).Replace("\\-", "-", StringComparison.Ordinal).Replace("\\.", ".", StringComparison.Ordinal);
            if (!PlainPath().IsMatch(path))
            {
                return null;
            }

            paths.Add(path);
        }

        return paths;
    }

    /// <summary><c>^/prefix(a|b)$</c> or <c>^/path$</c>: anchored at both ends, one optional group of alternatives.</summary>
    [GeneratedRegex(@"^\^(?<prefix>/[^()|$^]*)(?:\((?:\?:)?(?<options>[^()]*)\))?\$$")]
    private static partial Regex Alternation();

    [GeneratedRegex(@"^/[A-Za-z0-9_./-]*$")]
    private static partial Regex PlainPath();

    [GeneratedRegex(@"(^|/)((php[-_]?)?fpm[-_]?)?(ping|status|health|healthz)$", RegexOptions.IgnoreCase)]
    private static partial Regex HealthName();
}
