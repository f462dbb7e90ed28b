using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Rules;

public sealed class CL012UpstreamKeepaliveWithoutHttp11 : Rule
{
    /// <summary>From this release nginx speaks HTTP/1.1 to upstreams and sends no <c>Connection</c> header by default
    /// (CHANGES 1.29.7: "ngx_http_proxy_module supports keepalive by default").</summary>
    private static readonly NginxVersion KeepaliveByDefault = new(1, 29, 7);

    public override string Code => "CL012";

    public override IEnumerable<Diagnostic> Check(RuleContext context)
    {
        var releases = new Dictionary<NginxInstance, NginxReleaseFact>();
        var reported = new HashSet<(NginxScope, NginxUpstream)>();
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.DirectiveName != "proxy_pass" || frontEnd.Details is not NginxPass { Instance: var instance, Scope: var scope, Upstream: { } upstream }
                || frontEnd.Directive is not NginxDirective pass || upstream.Scope.Context != NginxContext.Upstream
                || upstream.Scope.Own("keepalive") is not var (keepalive, _) || keepalive.Args.Count == 0 || keepalive.Args[0] == "0"
                || !reported.Add((scope, upstream)))
            {
                continue;
            }

            // Judged as the release in effect does (a container's from its image's tag); where the release is only assumed,
            // older releases are judged too.
            if (!releases.TryGetValue(instance, out var release))
            {
                releases[instance] = release = NginxRelease.Of(context, instance, KeepaliveByDefault);
            }

            var (version, known) = (release.Version, release.Known);
            var now = Judge(instance, scope, version);
            var before = known || version < KeepaliveByDefault ? now : Judge(instance, scope, new NginxVersion(1, 29, 6));
            if ((now.Unknown ?? before.Unknown) is { } unknown)
            {
                context.Notes.Add($"{frontEnd.File.DisplayPath}:{pass.Position.Line}: CL012 cannot tell what 'Connection: {unknown}' sends; not judged");
                continue;
            }

            var problems = now.Problems.Count > 0 ? now.Problems : before.Problems;
            if (problems.Count == 0 || now.WebSocket)
            {
                continue;
            }

            var olderOnly = now.Problems.Count == 0;
            var when = olderOnly ? $"on nginx before {KeepaliveByDefault} (the release here is not known)" : $"on nginx {release.Name}" + (release.Source is { } source ? $" ({source})" : string.Empty);
            var message = $"proxy_pass {frontEnd.Target.Text}: upstream '{upstream.Name}' keeps idle connections ({keepalive.Signature}), but {when} this location {string.Join(" and ", problems.Select(p => p.What))}: " +
                          "the back end closes each connection after one response, so every request opens a new one (under load: 'connect() failed (99: Cannot assign requested address)' and 502s)";
            var related = new List<RelatedLocation> { Related(keepalive, $"upstream '{upstream.Name}' keeps idle connections") };
            related.AddRange(problems.Where(p => p.At is not null).Select(p => Related(p.At!, p.Why)));
            var diagnostic = Report(frontEnd.TargetToken.Location, message, related, CreateFix(context.Workspace, scope, pass, frontEnd.File, problems, version));
            yield return olderOnly ? diagnostic with { Severity = Severity.Info } : diagnostic;
        }
    }

    private sealed record Problem(string What, string Why, NginxDirective? At, bool Version, (NginxDirective Directive, ConfigFile File)? Entry, string? MapVariable = null);

    private sealed record Verdict(List<Problem> Problems, string? Unknown, bool WebSocket);

    /// <summary>What stops keepalive at a level for nginx of <paramref name="version"/>: the HTTP version in effect and the
    /// <c>Connection</c> header the level sends (the <c>proxy_set_header</c> list in effect, else nginx's default).</summary>
    private static Verdict Judge(NginxInstance instance, NginxScope scope, NginxVersion version)
    {
        var modern = version >= KeepaliveByDefault;
        var problems = new List<Problem>();
        var http = scope.Effective("proxy_http_version");
        var httpVersion = http is var (directive, _) && directive.Args.Count == 1 ? directive.Args[0] : modern ? "1.1" : "1.0";
        if (httpVersion == "1.0")
        {
            problems.Add(new Problem(http is null ? "speaks HTTP/1.0 (nginx's default)" : "speaks HTTP/1.0", "proxy_http_version 1.0 here", http?.Directive, true, null));
        }

        var headers = NginxListEdits.Effective(scope, "proxy_set_header");
        var entries = headers?.Entries ?? [];
        var connection = entries.LastOrDefault(e => e.Directive.Args is [var name, _] && name.Equals("Connection", StringComparison.OrdinalIgnoreCase));
        var webSocket = entries.Any(e => e.Directive.Args is [var name, _] && name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase));
        if (connection.Directive is { } set)
        {
            var value = set.Args[1];
            if (value.Contains('$', StringComparison.Ordinal))
            {
                if (!webSocket || !ServesPages(scope) || OrdinaryRequestValue(instance, scope, value) is not { } ordinary)
                {
                    return new Verdict([], value, webSocket);
                }

                // The websocket map: requests that ask for no upgrade send what its '' entry (or default) gives.
                if (Closes(ordinary))
                {
                    problems.Add(new Problem($"sends 'Connection: {ordinary}' for every request that asks for no upgrade ({value} of its map)", "the Connection header is set here", set, false, null, value));
                }

                return new Verdict(problems, null, false);
            }

            if (Closes(value))
            {
                webSocket |= value.Equals("upgrade", StringComparison.OrdinalIgnoreCase);
                problems.Add(new Problem($"sends 'Connection: {value}'", "the Connection header is set here", set, false, connection));
            }
        }
        else if (!modern)
        {
            problems.Add(new Problem("sends 'Connection: close' (nginx's default)", string.Empty, null, false, null));
        }

        return new Verdict(problems, null, webSocket);
    }

    /// <summary>Whether a <c>Connection</c> value ends keepalive: anything but empty or <c>keep-alive</c>.</summary>
    private static bool Closes(string value) => value.Length > 0 && !value.Equals("keep-alive", StringComparison.OrdinalIgnoreCase);

    /// <summary>What <c>$VAR</c> gives a request without an <c>Upgrade</c> header where a <c>map $http_upgrade $VAR</c>
    /// with literal values defines it (the websocket map of nginx's documentation): its <c>''</c> entry, else its default;
    /// null for anything else (several maps, a regular expression or hostnames key, a value with a variable, a
    /// <c>set</c> on the way up).</summary>
    private static string? OrdinaryRequestValue(NginxInstance instance, NginxScope scope, string value)
    {
        // Only a map defines a plain $NAME: "${NAME}" or "$a$b" finds none.
        if (value.Length < 2 || value[0] != '$'
            || NginxVariables.MapEntriesOf(instance, scope, value[1..]) is not { } entries
            || entries.Any(e => e.Source != "$http_upgrade" || e.Value.Contains('$', StringComparison.Ordinal) || e.Key.StartsWith('~') || e.Key.StartsWith('\\'))
            || entries.Count(e => e.Key == "default") != 1)
        {
            return null;
        }

        return entries.FirstOrDefault(e => e.Key.Length == 0) is { Source: not null } empty ? empty.Value : entries.First(e => e.Key == "default").Value;
    }

    /// <summary>Whether the location is the site's catch-all (<c>location /</c>), which takes its ordinary requests: a
    /// location kept for websockets (<c>/ws/</c>, <c>/socket.io/</c>) sees few requests without an upgrade, and nginx's own
    /// websocket example maps those to <c>close</c>.</summary>
    private static bool ServesPages(NginxScope scope)
    {
        for (var level = scope; level is not null; level = level.Parent)
        {
            if (level.IsBlock("location"))
            {
                return level.Directive!.Args is ["/"];
            }
        }

        return false;
    }

    /// <summary>The fix's title: the usual ones as one string each (a tree's thousands of fixes each kept a copy).</summary>
    private static string SetTitle(List<string> steps) => steps switch
    {
        ["proxy_http_version 1.1"] => "Set proxy_http_version 1.1",
        ["proxy_set_header Connection \"\""] => "Set proxy_set_header Connection \"\"",
        ["proxy_http_version 1.1", "proxy_set_header Connection \"\""] => "Set proxy_http_version 1.1 and proxy_set_header Connection \"\"",
        _ => $"Set {string.Join(" and ", steps)}",
    };

    /// <summary>What is missing added where nginx takes it (not inside an <c>if</c>): <c>proxy_http_version 1.1</c>, and
    /// <c>proxy_set_header Connection ""</c> (to the list in effect, or with copies of the outer lines where a new list
    /// must start, so no header is lost); a written <c>Connection</c> value cleared in place. Safe: HTTP/1.1 with an empty
    /// Connection header is what keepalive to upstreams needs, and all back ends that speak HTTP/1.1 accept it.</summary>
    private static Fix? CreateFix(ConfigWorkspace workspace, NginxScope scope, NginxDirective pass, ConfigFile file, List<Problem> problems, NginxVersion version)
    {
        // The websocket map is shared by every location that uses it: its '' entry made "" is the change (nginx's
        // documentation of keepalive with websockets), shown, not applied.
        if (problems.FirstOrDefault(p => p.MapVariable is not null) is { } mapped)
        {
            return new Fix($"Make the map of {mapped.MapVariable} give \"\" for '' (no upgrade asked), so ordinary requests keep the connection" +
                (problems.Any(p => p.Version) ? ", and set proxy_http_version 1.1" : string.Empty), Applicability.DisplayOnly, []);
        }

        var edits = new List<FileEdit>();
        var steps = new List<string>();
        foreach (var problem in problems)
        {
            FileEdit? edit;
            if (problem.Version)
            {
                edit = NginxEdits.Set(scope, "proxy_http_version", "1.1", version, (pass, file));
                steps.Add("proxy_http_version 1.1");
            }
            else if (problem.Entry is var (entry, entryFile))
            {
                var level = scope.SelfAndAncestors().First(l => l.Settings.Any(s => ReferenceEquals(s.Directive, entry)));
                var target = NginxEdits.NearestAllowed(scope, "proxy_set_header", version);
                edit = target is not null && NginxEdits.IsBetween(level, scope, target) && NginxListEdits.IsWrittenIn(level, entry, entryFile)
                    ? Edits.ReplaceToken(entryFile, entry.Arguments[1], "\"\"")
                    : null;
                steps.Add("proxy_set_header Connection \"\"");
            }
            else
            {
                edit = NginxListEdits.Add(workspace, scope, "proxy_set_header", "Connection \"\"", version, (pass, file));
                steps.Add("proxy_set_header Connection \"\"");
            }

            if (edit is null)
            {
                return new Fix($"Use {string.Join(" and ", steps)} for this location", Applicability.DisplayOnly, []);
            }

            edits.Add(edit);
        }

        return new Fix(SetTitle(steps), Applicability.Safe, NginxEdits.Merge(edits));
    }
}
