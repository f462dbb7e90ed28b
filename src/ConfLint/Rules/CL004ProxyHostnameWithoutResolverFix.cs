using ConfLint.Diagnostics;
using ConfLint.Rules.Support;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Rules;

/// <summary>
/// CL004's fix: a <c>resolver</c> with <c>valid=30s</c> where the pass stands (unless one is in scope), and for a
/// hostname written out, the name moved into a variable so that nginx resolves it per request. Unsafe: with a
/// variable in <c>proxy_pass</c> nginx passes the URI the expression gives instead of replacing the location's
/// prefix with the URI of <c>proxy_pass</c>.
/// </summary>
internal static class CL004ProxyHostnameWithoutResolverFix
{
    /// <summary>The option <c>resolver</c>; else the first nameserver of /etc/resolv.conf under the root; else systemd-resolved's stub.</summary>
    public static string ResolverAddress(RuleContext context)
    {
        if (context.Options.IsSet("resolver"))
        {
            return context.Options.Text("resolver");
        }

        var fs = context.Workspace.FileSystem;
        if (fs.Root is not null)
        {
            foreach (var line in fs.ReadLines("/etc/resolv.conf"))
            {
                var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 2 && fields[0] == "nameserver" && Endpoint.IsIpAddress(fields[1]))
                {
                    return fields[1].Contains(':') ? "[" + fields[1] + "]" : fields[1];
                }
            }
        }

        return "127.0.0.53";
    }

    /// <summary>For a variable target: only the resolver. Safe: requests that failed now resolve.</summary>
    public static Fix? ForVariable(FrontEnd frontEnd, string resolver) =>
        frontEnd.Directive is NginxDirective pass
            ? new Fix($"Add 'resolver {resolver} valid=30s;' before {frontEnd.DirectiveName}", Applicability.Safe,
                [Edits.InsertLinesBefore(frontEnd.File, pass, [$"resolver {resolver} valid=30s;"])])
            : null;

    /// <summary>For a hostname written out: the resolver if none is in scope, a <c>set</c> of a variable to the name,
    /// and the name in the pass replaced by the variable.</summary>
    public static Fix? ForHostname(FrontEnd frontEnd, string hostname, string resolver)
    {
        if (frontEnd.Directive is not NginxDirective pass || frontEnd.Details is not NginxPass { Scope: var scope } || scope.Context is not (NginxContext.Location or NginxContext.If or NginxContext.Server))
        {
            return null;
        }

        var variable = "$backend_" + new string(hostname.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        if (frontEnd.Target.WithHost(variable) is not { } rewritten)
        {
            return null;
        }

        var lines = new List<string>();
        if (scope.Effective("resolver") is null)
        {
            lines.Add($"resolver {resolver} valid=30s;");
        }

        lines.Add($"set {variable} {hostname};");
        return new Fix(
            $"Resolve {hostname} at request time: {string.Join(" ", lines)} and {frontEnd.DirectiveName} {rewritten} (the URI is then passed as the variable expression gives it)",
            Applicability.Unsafe,
            [
                Edits.InsertLinesBefore(frontEnd.File, pass, lines),
                Edits.ReplaceValue(frontEnd.File, frontEnd.TargetToken, rewritten),
            ]);
    }
}
