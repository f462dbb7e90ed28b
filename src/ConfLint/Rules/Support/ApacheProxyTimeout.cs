using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// How long Apache's mod_proxy waits for a back end (mod_proxy.c, proxy_util.c): the <c>timeout=</c> of the worker that
/// serves the front end (<see cref="ApacheWorkers"/>: set on a <c>ProxyPass</c> line, a <c>&lt;Proxy URL ...&gt;</c> line
/// or by <c>ProxySet</c>), else <c>ProxyTimeout</c> of the virtual host or the server, else <c>Timeout</c> of the virtual
/// host or the server (60 s by default).
/// </summary>
public static class ApacheProxyTimeout
{
    public static readonly Duration DefaultTimeout = Duration.FromSeconds(60);

    /// <summary>The effective timeout and what sets it: the directive or section (null for the default) and, for a worker
    /// parameter, its word.</summary>
    public sealed record Effective(Duration Value, string Name, ApacheItem? Directive, ConfigFile? File, SyntaxToken? Word)
    {
        /// <summary>For a worker's <c>timeout=</c>: the word as written and where ("ProxyPass", "&lt;Proxy fcgi://app/&gt;").</summary>
        public string? Place { get; init; }
    }

    /// <summary>The timeout of <paramref name="frontEnd"/>, or null where it is not known: then, where
    /// <paramref name="notes"/> is given, a note says why.</summary>
    public static Effective? Of(HostModel host, FrontEnd frontEnd, List<string>? notes = null)
    {
        if (frontEnd.Directive is not ApacheDirective directive || ApacheWorkers.Place(host, directive) is not var (instance, sections))
        {
            return null;
        }

        var worker = ApacheWorkers.Parameter(instance, directive, sections, frontEnd.Target.Text, "timeout");
        if (worker.Unknown is { } why)
        {
            notes?.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: the proxy timeout of {frontEnd.DirectiveName} {frontEnd.Target.Text} was not judged: {why}");
            return null;
        }

        if (worker.Setting is { } setting)
        {
            if (!int.TryParse(setting.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                notes?.Add($"{frontEnd.File.DisplayPath}:{directive.Position.Line}: the proxy timeout of {frontEnd.DirectiveName} {frontEnd.Target.Text} was not judged: {setting.Key}={setting.Value} is not a number of seconds");
                return null;
            }

            return new Effective(Duration.FromSeconds(seconds), "timeout=", setting.Item, setting.File, setting.Token) { Place = setting.Place };
        }

        var virtualHost = sections.LastOrDefault(s => s.IsNamed("VirtualHost"));
        foreach (var name in (ReadOnlySpan<string>)["ProxyTimeout", "Timeout"])
        {
            if (((virtualHost is null ? null : ApacheWorkers.LastSetting(instance, name, virtualHost)) ?? ApacheWorkers.LastSetting(instance, name, null)) is var (server, file))
            {
                return int.TryParse(server.Args[0], out var seconds) ? new Effective(Duration.FromSeconds(seconds), name, server, file, server.Arguments[0]) : null;
            }
        }

        return new Effective(DefaultTimeout, "Timeout", null, null, null);
    }

    /// <summary>Raise the timeout to <paramref name="seconds"/>: the worker's <c>timeout=</c> (on its ProxyPass line, its
    /// <c>&lt;Proxy&gt;</c> line or its ProxySet) or <c>ProxyTimeout</c> where one is written; otherwise a new <c>ProxyTimeout</c> (which leaves the clients' <c>Timeout</c> alone) in the
    /// virtual host, or at the server level, just before the section that holds the front end.</summary>
    public static FileEdit Raise(FrontEnd frontEnd, Effective effective, long seconds)
    {
        if (effective is { Name: "timeout=", Word: { } word, File: { } file })
        {
            // The worker's own value is the one used: a ProxyTimeout would change nothing.
            return Edits.ReplaceToken(file, word, $"{word.Value[..word.Value.IndexOf('=', StringComparison.Ordinal)]}={seconds}");
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
