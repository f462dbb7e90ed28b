using ConfLint.Host;
using ConfLint.Host.Apache;
using ConfLint.Syntax.Apache;

namespace ConfLint.Rules.Support;

/// <summary>
/// A Unix socket target in which httpd kept a <c>${NAME}</c> as written because the line was read before the configuration's
/// first <c>Define NAME</c>. httpd substitutes variables as it reads each line (ap_resolve_env in server/core.c) and runs a
/// Define on read (EXEC_ON_READ): a Define in a virtual host read later is not there yet, httpd warns "AH00111: Config
/// variable ${NAME} is not defined" and keeps the text, so mod_proxy connects to a path with a folder literally named
/// <c>${NAME}</c>, which no package or program creates (AH02454 ... No such file or directory, a 503). Said only where a
/// Define of the name is read later in the same configuration: the name is the configuration's own, not the environment's.
/// </summary>
internal static class ApacheKeptVariables
{
    /// <summary>The name kept as written in the target's socket path and the first Define of it, read after; or null.</summary>
    public static (string Name, ApacheEntry Define)? Kept(FrontEnd frontEnd, EndpointSite target)
    {
        if (frontEnd.Details is not ApachePass pass || target.Endpoint.Kind != EndpointKind.Unix || target.Endpoint.Path is not { } path
            || !path.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        var start = path.IndexOf("${", StringComparison.Ordinal);
        var close = path.IndexOf('}', start + 2);
        if (close < 0)
        {
            return null;
        }

        var name = path[(start + 2)..close];
        foreach (var entry in pass.Instance.Directives)
        {
            if (entry.Directive.IsNamed("Define") && entry.Directive.Args.Count >= 1 && entry.Expand(entry.Directive.Args[0]) == name)
            {
                return (name, entry);
            }
        }

        return null;
    }

    /// <summary>The virtual host the front end's line was read in, as <c>file:line</c>, or null in the main server.</summary>
    public static string? VirtualHostAt(FrontEnd frontEnd)
    {
        if (frontEnd.Details is not ApachePass { VirtualHost: { } host } pass)
        {
            return null;
        }

        foreach (var opened in pass.Instance.Sections)
        {
            if (ReferenceEquals(opened.Section, host))
            {
                return $"{opened.File.DisplayPath}:{host.Position.Line}";
            }
        }

        return null;
    }
}
