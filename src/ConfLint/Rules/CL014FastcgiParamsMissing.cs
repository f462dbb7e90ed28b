using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Host.PhpFpm;
using ConfLint.Rules.Support;
using ConfLint.Syntax;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Rules;

public sealed class CL014FastcgiParamsMissing : Rule
{
    private const string Param = "fastcgi_param";

    public override string Code => "CL014";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var version = NginxRelease.Of(context).Version;
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.DirectiveName != "fastcgi_pass" || frontEnd.Details is not NginxPass { Scope: var scope, Instance: var nginx } || frontEnd.Directive is not NginxDirective pass)
            {
                continue;
            }

            var effective = NginxListEdits.Effective(scope, Param);
            if (effective is var (_, entries) && entries.Any(e => e.Directive.Args is ["SCRIPT_FILENAME", ..]))
            {
                continue;
            }

            // A list nginx would inherit or splice in may stand in text not read: an include, or the http block around a
            // lone site file (where a fix adding the parameter would replace an inherited list whole).
            if (NginxUnseen.Include(context.Workspace, scope, effective?.Level) is { } unseen)
            {
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{pass.Position.Line}: CL014 cannot see whether {unseen} sets fastcgi_param; not judged");
                continue;
            }

            var php = IsPhp(context.Host, frontEnd, scope);
            if (!php && effective is var (_, sent) && sent.Any(e => e.Directive.Args is ["DOCUMENT_ROOT", ..]) && sent.Any(e => e.Directive.Args is ["SCRIPT_NAME", ..]))
            {
                // fcgiwrap (get_cgi_filename) and other CGI wrappers find the script from DOCUMENT_ROOT and SCRIPT_NAME when
                // SCRIPT_FILENAME is not sent, taking what follows a script's name as PATH_INFO: fastcgi_params is what they
                // are meant to be given (fastcgi.conf's SCRIPT_FILENAME would name gitweb.cgi/repo/tree, not a file: 403).
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{pass.Position.Line}: CL014 did not judge fastcgi_pass {frontEnd.Target.Text}: nothing shows it is PHP-FPM, and DOCUMENT_ROOT and SCRIPT_NAME are sent, from which a CGI wrapper such as fcgiwrap finds its script");
                continue;
            }

            var assumed = NginxUnseen.AssumedLevel(scope, effective?.Level);

            var outer = effective is var (level, _) && level.Parent is { } parent ? NginxListEdits.Effective(parent, Param) : null;
            var droppedOuter = outer is var (_, outerEntries) && outerEntries.Any(e => e.Directive.Args is ["SCRIPT_FILENAME", ..]) ? outer : null;
            var (message, related) = Describe(frontEnd, effective, droppedOuter);
            message += php
                ? ": PHP-FPM cannot find the script and answers 'File not found.' (its log: 'Primary script unknown')"
                : ": a FastCGI application that locates its script by it alone cannot run anything (nor one that reads DOCUMENT_ROOT and SCRIPT_NAME instead, such as fcgiwrap: neither is sent)";
            var fix = droppedOuter is var (outerLevel, _) && effective is var (innerLevel, _)
                ? RestoreFix(innerLevel, outerLevel)
                : AddFix(nginx, context.Workspace, scope, pass, frontEnd.File, effective, version);
            var diagnostic = Report(frontEnd.TargetToken.Location, message, related, fix);
            diagnostic = assumed is null ? diagnostic
                : NginxUnseen.Weighed(diagnostic, assumed, "Add 'fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;' with the other parameters (or 'include fastcgi.conf;')");
            // What a back end that is not shown to be PHP needs is not known: advice only, never applied unreviewed.
            yield return php ? diagnostic : diagnostic with { Severity = Severity.Info, Fix = diagnostic.Fix is { } advice ? advice with { Applicability = Applicability.Unsafe } : null };
        }
    }

    private (string Message, List<RelatedLocation> Related) Describe(FrontEnd frontEnd, (NginxScope Level, List<(NginxDirective Directive, ConfigFile File)> Entries)? effective,
        (NginxScope Level, List<(NginxDirective Directive, ConfigFile File)> Entries)? droppedOuter)
    {
        var head = $"fastcgi_pass {frontEnd.Target.Text}: no SCRIPT_FILENAME is sent";
        var related = new List<RelatedLocation>();
        if (effective is not var (_, entries))
        {
            return ($"{head} (no fastcgi_param applies here at all)", related);
        }

        var first = entries[0];
        if (droppedOuter is var (_, outerEntries))
        {
            related.Add(Related(outerEntries.First(e => e.Directive.Args is ["SCRIPT_FILENAME", ..]).Directive, "SCRIPT_FILENAME is set at this outer level, which the inner fastcgi_param lines replace"));
            return ($"{head}: the {entries.Count} fastcgi_param line(s) of its own level replace all {outerEntries.Count} of the level around it, SCRIPT_FILENAME among them (nginx inherits the list only where a level sets none)", related);
        }

        var files = entries.Select(e => e.File).Distinct().Select(f => f.DisplayPath).ToList();
        related.Add(Related(first.Directive, "the fastcgi_param lines in effect start here; none sets SCRIPT_FILENAME"));
        return ($"{head} (the {entries.Count} fastcgi_param line(s) in effect here, from {string.Join(", ", files)}, set none)", related);
    }

    /// <summary>Whether the back end is PHP by evidence: a PHP-FPM pool listens there, or the socket, the upstream or the
    /// location names PHP.</summary>
    private static bool IsPhp(HostModel host, FrontEnd frontEnd, NginxScope scope)
    {
        if (frontEnd.Targets.Any(t => host.Providers(t.Endpoint).OfType<FpmPool>().Any()))
        {
            return true;
        }

        static bool NamesPhp(string? text) => text is not null && (text.Contains("php", StringComparison.OrdinalIgnoreCase) || text.Contains("fpm", StringComparison.OrdinalIgnoreCase));
        return NamesPhp(frontEnd.Target.Text) || frontEnd.Targets.Any(t => NamesPhp(t.Endpoint.Text))
            || scope.SelfAndAncestors().Any(s => s.IsBlock("location") && s.Directive!.Args.Any(NamesPhp));
    }

    /// <summary>The outer level's entries copied in before the inner level's own: what the inner lines dropped, back.
    /// Safe: nginx then sends what the outer level meant, and the inner lines still win where they name the same parameter.</summary>
    private static Fix? RestoreFix(NginxScope inner, NginxScope outer)
    {
        var copies = NginxListEdits.Copies(outer, Param);
        var firstOwn = inner.Settings.FirstOrDefault(s => NginxListEdits.IsWrittenIn(inner, s.Directive, s.File) && (s.Directive.Name == Param || s.Directive.Name == "include"));
        if (copies.Count == 0 || firstOwn.Directive is null)
        {
            return null;
        }

        return new Fix($"Repeat the outer level's fastcgi_param lines here ({string.Join(" ", copies)})", Applicability.Safe,
            [NginxEdits.InsertBefore(firstOwn.File, firstOwn.Directive, copies)]);
    }

    /// <summary>
    /// Where <c>alias</c> maps the location, <c>$request_filename</c> (unsafe: review the path). Otherwise
    /// <c>$document_root$fastcgi_script_name</c>, as Debian's <c>fastcgi.conf</c> has it: an <c>include fastcgi_params</c>
    /// becomes <c>include fastcgi.conf</c> when that file holds everything <c>fastcgi_params</c> holds and SCRIPT_FILENAME;
    /// with no fastcgi_param at all, <c>include fastcgi.conf;</c> is added where that file exists; else the parameter
    /// itself, copying the outer lines in where needed.
    /// </summary>
    private static Fix? AddFix(NginxInstance nginx, ConfigWorkspace workspace, NginxScope scope, NginxDirective pass, ConfigFile passFile,
        (NginxScope Level, List<(NginxDirective Directive, ConfigFile File)> Entries)? effective, Knowledge.NginxVersion version)
    {
        var anchor = (pass, passFile);
        if (scope.Effective("alias") is not null)
        {
            return NginxListEdits.Add(workspace, scope, Param, "SCRIPT_FILENAME $request_filename", version, anchor) is { } aliasEdit
                ? new Fix("Add 'fastcgi_param SCRIPT_FILENAME $request_filename;' (alias maps this location: review the path)", Applicability.Unsafe, [aliasEdit])
                : null;
        }

        var confDir = nginx.MainFile.ServerPath[..(nginx.MainFile.ServerPath.LastIndexOf('/') + 1)];
        var conf = ParamsOf(workspace, confDir + "fastcgi.conf");
        if (conf is not null && conf.ContainsKey("SCRIPT_FILENAME"))
        {
            if (effective is var (level, _) && NginxEdits.IsBetween(level, scope, NginxEdits.NearestAllowed(scope, Param, version) ?? scope)
                && level.Settings.FirstOrDefault(s => s.Directive is { Name: "include", Args: ["fastcgi_params"] } && NginxListEdits.IsWrittenIn(level, s.Directive, s.File)) is { Directive: { } include } found
                && ParamsOf(workspace, confDir + "fastcgi_params") is { } plain && plain.All(p => conf.TryGetValue(p.Key, out var value) && value == p.Value))
            {
                return new Fix("Include fastcgi.conf instead of fastcgi_params (the same parameters and SCRIPT_FILENAME)", Applicability.Safe,
                    [Edits.ReplaceToken(found.File, include.Arguments[0], "fastcgi.conf")]);
            }

            if (effective is null && NginxEdits.NearestAllowed(scope, Param, version) is { } target
                && NginxEdits.InsertInto(target, ["include fastcgi.conf;"], target == scope ? anchor : null) is { } includeEdit)
            {
                return new Fix("Add 'include fastcgi.conf;' (it sets SCRIPT_FILENAME)", Applicability.Safe, [includeEdit]);
            }
        }

        return NginxListEdits.Add(workspace, scope, Param, "SCRIPT_FILENAME $document_root$fastcgi_script_name", version, anchor) is { } edit
            ? new Fix("Add 'fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;'", Applicability.Safe, [edit])
            : null;
    }

    /// <summary>The parameters a file of fastcgi_param lines sets (name to value as written), or null where it is not there.</summary>
    private static Dictionary<string, string>? ParamsOf(ConfigWorkspace workspace, string serverPath)
    {
        if (workspace.FindFile(serverPath)?.Tree?.Root is NginxConfigFile loaded)
        {
            return Params(loaded);
        }

        var fs = workspace.FileSystem;
        if (fs.Root is null || !fs.FileExists(serverPath))
        {
            return null;
        }

        var parsed = ConfigParser.Parse(Text.SourceText.FromBytes(serverPath, fs.ReadAllBytes(serverPath)), ConfigKind.Nginx);
        return parsed.Tree?.Root is NginxConfigFile root ? Params(root) : null;
    }

    private static Dictionary<string, string> Params(NginxConfigFile file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var directive in file.Directives.Where(d => d.Name == Param && d.Args.Count >= 2))
        {
            values[directive.Args[0]] = string.Join(" ", directive.Args.Skip(1));
        }

        return values;
    }
}
