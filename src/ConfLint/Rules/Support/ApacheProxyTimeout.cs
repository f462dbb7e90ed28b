using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// How long Apache's mod_proxy waits for a back end (mod_proxy.c, proxy_util.c): the worker's <c>timeout=</c> (on the
/// <c>ProxyPass</c> line), else <c>ProxyTimeout</c> of the virtual host or the server, else <c>Timeout</c> of the
/// virtual host or the server (60 s by default). A <c>ProxySet</c> with a timeout anywhere makes it unknown.
/// </summary>
public static class ApacheProxyTimeout
{
    public static readonly Duration DefaultTimeout = Duration.FromSeconds(60);

    /// <summary>The effective timeout and what sets it: the directive (null for the default) and, for a worker
    /// parameter, its word.</summary>
    public sealed record Effective(Duration Value, string Name, ApacheDirective? Directive, ConfigFile? File, SyntaxToken? Word);

    public static Effective? Of(HostModel host, FrontEnd frontEnd)
    {
        if (frontEnd.Directive is not ApacheDirective directive
            || host.Apache.FirstOrDefault(a => a.Directives.Any(d => ReferenceEquals(d.Directive, directive))) is not { } instance)
        {
            return null;
        }

        if (instance.Directives.Any(d => d.Directive.IsNamed("ProxySet") && d.Directive.Args.Any(a => a.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase))))
        {
            return null;
        }

        // A ProxyPass worker with its own timeout= whose address the rule's URL shares may be the one the rule uses
        // (ap_proxy_get_worker matches the longest URL prefix): not judged.
        var rule = directive.IsNamed("RewriteRule");
        if (rule && host.FrontEnds.Any(f => f.Directive is ApacheDirective pass && !pass.IsNamed("RewriteRule")
                && f.Target.Scheme == frontEnd.Target.Scheme && f.Target.Endpoint is { } endpoint && endpoint == frontEnd.Target.Endpoint
                && pass.Args.Any(a => a.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase))))
        {
            return null;
        }

        // The worker's parameters follow its URL on a ProxyPass line; a RewriteRule's [P] uses the worker its URL matches,
        // whose timeout= the line does not carry.
        for (var i = 0; !rule && i < directive.Arguments.Count; i++)
        {
            var arg = directive.Args[i];
            if (arg.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase))
            {
                return int.TryParse(arg["timeout=".Length..], out var seconds)
                    ? new Effective(Duration.FromSeconds(seconds), "timeout=", directive, frontEnd.File, directive.Arguments[i])
                    : null;
            }
        }

        var virtualHost = instance.Directives.First(d => ReferenceEquals(d.Directive, directive)).Sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
        foreach (var name in new[] { "ProxyTimeout", "Timeout" })
        {
            var candidates = instance.Directives
                .Where(d => d.Directive.IsNamed(name) && d.Directive.Args.Count > 0)
                .Select(d => (d.Directive, d.File, VirtualHost: d.Sections.LastOrDefault(s => s.IsNamed("VirtualHost"))))
                .ToList();
            var found = candidates.LastOrDefault(c => virtualHost is not null && ReferenceEquals(c.VirtualHost, virtualHost));
            if (found.Directive is null)
            {
                found = candidates.LastOrDefault(c => c.VirtualHost is null);
            }

            if (found.Directive is { } setting)
            {
                return int.TryParse(setting.Args[0], out var seconds) ? new Effective(Duration.FromSeconds(seconds), name, setting, found.File, setting.Arguments[0]) : null;
            }
        }

        return new Effective(DefaultTimeout, "Timeout", null, null, null);
    }

    /// <summary>Raise the timeout to <paramref name="seconds"/>: the worker's <c>timeout=</c> or <c>ProxyTimeout</c> where
    /// one is written; otherwise a new <c>ProxyTimeout</c> (which leaves the clients' <c>Timeout</c> alone) in the
    /// virtual host, or at the server level, just before the section that holds the front end.</summary>
    public static FileEdit Raise(FrontEnd frontEnd, Effective effective, long seconds)
    {
        if (effective is { Name: "timeout=", Word: { } word, File: { } file })
        {
            return Edits.ReplaceToken(file, word, $"timeout={seconds}");
        }

        if (effective is { Name: "ProxyTimeout", Word: { } value, File: { } timeoutFile })
        {
            return Edits.ReplaceToken(timeoutFile, value, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var directive = (ApacheDirective)frontEnd.Directive;
        ApacheItem anchor = directive;
        // Before the outermost section around the handler that ProxyTimeout may not stand in (<FilesMatch>, <Location>),
        // but inside the conditions around it: a line put above Debian's <IfModule proxy_fcgi_module> would stop Apache
        // from starting once mod_proxy is disabled.
        for (var section = directive.ParentSection; section is not null && !section.IsNamed("VirtualHost") && !IsCondition(section); section = section.ParentSection)
        {
            anchor = section;
        }

        return Edits.InsertLinesBefore(frontEnd.File, anchor, [$"ProxyTimeout {seconds}"]);
    }

    private static bool IsCondition(ApacheSection section) =>
        section.IsNamed("IfModule") || section.IsNamed("IfDefine") || section.IsNamed("IfVersion") || section.IsNamed("IfFile") || section.IsNamed("IfDirective");
}
