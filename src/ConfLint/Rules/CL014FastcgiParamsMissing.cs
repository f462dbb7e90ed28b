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

            var sent = effective is var (_, list) ? list : null;
            var backing = Weigh(context.Host, frontEnd, scope, sent);
            var php = backing.Php;
            if (!php && backing.Other is { } other && !backing.CgiWrapper && !LocationIsPhp(scope, sent))
            {
                // Something ConfLint knows is not PHP-FPM answers there (RT's Plack workers under spawn-fcgi, which take the
                // whole path as PATH_INFO): what it needs of the parameters is its own business.
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{pass.Position.Line}: CL014 did not judge fastcgi_pass {frontEnd.Target.Text}: {other}, and nothing in the location says PHP; what that back end needs of the FastCGI parameters is not read");
                continue;
            }

            if (!php && sent is not null && sent.Any(e => e.Directive.Args is ["DOCUMENT_ROOT", ..]) && sent.Any(e => e.Directive.Args is ["SCRIPT_NAME", ..]))
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
            // Where the location's own parameters are an application's that takes the whole path (B), or another program may
            // hold the address (C), more than one outcome fits: the parameter is advice, never applied unreviewed.
            var wholePath = php && !LocationIsPhp(scope, sent) ? WholePathApplication(sent) : null;
            message += php
                ? ": PHP-FPM cannot find the script and answers 'File not found.' (its log: 'Primary script unknown')"
                : ": a FastCGI application that locates its script by it alone cannot run anything (nor one that reads DOCUMENT_ROOT and SCRIPT_NAME instead, such as fcgiwrap: neither is sent)";
            message += wholePath is null ? string.Empty
                : $"; but the location's own parameters ({wholePath}) are those of an application that takes the whole path as PATH_INFO (a PSGI or WSGI application under FastCGI), not of a PHP script: the pass may reach the wrong back end, and SCRIPT_FILENAME would not make it work";
            message += php && backing.Contested is { } contested ? $"; and PHP-FPM may not be what answers there: {contested}" : string.Empty;
            message += !php && backing.Other is { } otherBackEnd ? $" ({otherBackEnd})" : string.Empty;
            var fix = droppedOuter is var (outerLevel, _) && effective is var (innerLevel, _)
                ? RestoreFix(innerLevel, outerLevel)
                : AddFix(nginx, context.Workspace, scope, pass, frontEnd.File, effective, version);
            var diagnostic = Report(frontEnd.TargetToken.Location, message, related, fix);
            diagnostic = assumed is null ? diagnostic
                : NginxUnseen.Weighed(diagnostic, assumed, "Add 'fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;' with the other parameters (or 'include fastcgi.conf;')");
            // What a back end that is not shown to be PHP needs is not known: advice only, never applied unreviewed.
            yield return !php ? diagnostic with { Severity = Severity.Info, Fix = Unsure(diagnostic.Fix) }
                : wholePath is not null || backing.Contested is not null ? diagnostic with { Fix = Unsure(diagnostic.Fix) }
                : diagnostic;
        }
    }

    /// <summary>A safe fix made unsafe (shown, applied only with <c>--unsafe-fixes</c>); one only displayed stays so.</summary>
    private static Fix? Unsure(Fix? fix) => fix is { Applicability: Applicability.Safe } ? fix with { Applicability = Applicability.Unsafe } : fix;

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

    /// <summary>What the evidence says answers at the target.</summary>
    /// <param name="Php">Whether PHP-FPM (or another back end that runs PHP) is what answers.</param>
    /// <param name="Other">Why something other than PHP answers, where a back end ConfLint reads and knows not to run PHP
    /// listens there, or a program it does not read names the address; null otherwise.</param>
    /// <param name="CgiWrapper">Whether that other back end is a CGI wrapper (fcgiwrap), which finds its script by
    /// SCRIPT_FILENAME or by DOCUMENT_ROOT and SCRIPT_NAME.</param>
    /// <param name="Contested">Where PHP listens, what else may hold the address (a program ConfLint does not read that names
    /// it, another back end there): only one of them can bind it, and which is not known.</param>
    private readonly record struct Backing(bool Php, string? Other, bool CgiWrapper, string? Contested);

    /// <summary>
    /// Whether the back end is PHP, by evidence, strongest first: a back end that runs PHP listens at a target
    /// (<see cref="BackEnd.RunsPhp"/>: a PHP-FPM pool); else one ConfLint reads that does not (an application server,
    /// fcgiwrap), or a program it does not read whose command line names the address (RT's rt-server.fcgi under spawn-fcgi,
    /// <see cref="HostModel.UnreadProgramNaming(Endpoint, bool)"/>, as CL001 asks), says it is something else, whatever the
    /// socket's name (/run/php/rt5.sock); else the location's own words (<see cref="LocationIsPhp"/>); else the address or
    /// the upstream naming PHP or FPM (php8.2-fpm.sock), where nothing on the host says otherwise.
    /// </summary>
    private static Backing Weigh(HostModel host, FrontEnd frontEnd, NginxScope scope, List<(NginxDirective Directive, ConfigFile File)>? sent)
    {
        BackEnd? php = null;
        BackEnd? other = null;
        string? unread = null;
        var targets = frontEnd.Targets;
        for (var t = 0; t < targets.Count; t++)
        {
            foreach (var provider in host.Providers(targets[t].Endpoint))
            {
                switch (provider.RunsPhp)
                {
                    case true:
                        php ??= provider;
                        break;
                    case false:
                        other ??= provider;
                        break;
                }
            }

            unread ??= host.UnreadProgramNaming(targets[t].Endpoint, ownFolders: true);
        }

        if (php is not null)
        {
            return new(true, null, false, other is not null ? $"{other.Describe()} listens there too" : unread);
        }

        if (other is not null)
        {
            return new(false, $"{other.Describe()} listens there, which does not run PHP", IsCgiWrapper(other), null);
        }

        if (unread is not null)
        {
            return new(false, unread, false, null);
        }

        return new(LocationIsPhp(scope, sent) || NamesPhp(frontEnd.Target.Text) || frontEnd.Targets.Any(t => NamesPhp(t.Endpoint.Text)), null, false, null);
    }

    private static bool IsCgiWrapper(BackEnd backEnd) =>
        backEnd is Host.Systemd.ServiceBackEnd { IsCgiWrapper: true } or Host.Systemd.SocketBackEnd { Service.IsCgiWrapper: true };

    private static bool NamesPhp(string? text) => text is not null && (text.Contains("php", StringComparison.OrdinalIgnoreCase) || text.Contains("fpm", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the location itself says its requests are for PHP scripts: a location around the pass whose pattern
    /// names PHP (<c>~ \.php$</c>, <c>/phpmyadmin/</c>), a <c>fastcgi_index</c> or <c>fastcgi_split_path_info</c> in effect
    /// that names a .php file, or a parameter sent whose value does (<c>SCRIPT_NAME /index.php</c>).</summary>
    private static bool LocationIsPhp(NginxScope scope, List<(NginxDirective Directive, ConfigFile File)>? sent)
    {
        foreach (var level in scope.SelfAndAncestors())
        {
            if (level.IsBlock("location") && level.Directive!.Args.Any(NamesPhp))
            {
                return true;
            }
        }

        static bool PhpFile(string word) => word.Contains(".php", StringComparison.OrdinalIgnoreCase);
        if (scope.Effective("fastcgi_index") is { Directive.Args: var index } && index.Any(PhpFile)
            || scope.Effective("fastcgi_split_path_info") is { Directive.Args: var split } && split.Any(PhpFile))
        {
            return true;
        }

        return sent is not null && sent.Any(e => e.Directive.Args.Skip(1).Any(PhpFile));
    }

    /// <summary>
    /// The parameters that show an application taking the whole path, where the location's own lines send them: a fixed
    /// SCRIPT_NAME (none of <c>$fastcgi_script_name</c>, which PHP and CGI wrappers are sent) with PATH_INFO the whole URI
    /// (<c>$uri</c>, <c>$document_uri</c>). So Request Tracker's web_deployment.pod mounts RT under nginx (SCRIPT_NAME "",
    /// PATH_INFO $uri), and Plack's FCGI handler, like a WSGI server's, routes by them alone; null where they are not sent so.
    /// </summary>
    private static string? WholePathApplication(List<(NginxDirective Directive, ConfigFile File)>? sent)
    {
        string? scriptName = null;
        string? pathInfo = null;
        foreach (var (directive, _) in sent ?? [])
        {
            switch (directive.Args)
            {
                case ["SCRIPT_NAME", var value, ..]:
                    scriptName = value;
                    break;
                case ["PATH_INFO", var value, ..]:
                    pathInfo = value;
                    break;
            }
        }

        return scriptName is not null && !scriptName.Contains('$') && pathInfo is "$uri" or "$document_uri"
            ? $"SCRIPT_NAME {(scriptName.Length == 0 ? "\"\"" : scriptName)}, PATH_INFO {pathInfo}"
            : null;
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
