using ConfLint.Diagnostics;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Rules.Support;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Rules;

public sealed class CL005SmallProxyBuffer : Rule<CL005SmallProxyBuffer.Options>
{
    public sealed record Options(ByteSize Min);

    public override string Code => "CL005";

    protected override Options ReadOptions(RuleOptions options) => new(options.Size("min"));

    protected override IEnumerable<Diagnostic> Check(RuleContext context, Options options)
    {
        var min = options.Min;
        var byDirective = new Dictionary<object, (FrontEnd First, List<FrontEnd> All, NginxSettings.Effective<ByteSize> Value, string Name)>(ReferenceEqualityComparer.Instance);
        foreach (var frontEnd in context.Host.FrontEnds)
        {
            if (frontEnd.Details is not NginxPass { Scope: var scope } || !NginxSettings.HasBuffers(frontEnd.DirectiveName))
            {
                continue;
            }

            var name = NginxSettings.Module(frontEnd.DirectiveName) + "_buffer_size";
            var effective = NginxSettings.Size(scope, name, NginxSettings.PageSize);
            if (effective.Value >= min)
            {
                continue;
            }

            object key = effective.Directive ?? (object)frontEnd.Directive;
            if (byDirective.TryGetValue(key, out var group))
            {
                group.All.Add(frontEnd);
            }
            else
            {
                byDirective[key] = (frontEnd, [frontEnd], effective, name);
            }
        }

        foreach (var (first, all, effective, name) in byDirective.Values)
        {
            if (effective.Directive is { } directive)
            {
                var users = all.Count == 1 ? $"{first.DirectiveName} {first.Target.Text}" : $"{all.Count} locations";
                var related = all.Take(5).Select(f => Related(f.Directive, $"{f.DirectiveName} reads response headers into this {effective.Value.ToNginx()} buffer")).ToList();
                yield return Report(directive.Arguments[0].Location,
                    $"{name} {effective.Value.ToNginx()} is below the minimum of {min.ToNginx()} for {users}: a larger response header ends in 'upstream sent too big header' and a 502",
                    related,
                    CreateFix(first, effective, name, min));
            }
            else
            {
                yield return Report(first.TargetToken.Location,
                    $"{first.DirectiveName} {first.Target.Text} reads response headers into {name}, nginx's default of {effective.Value.ToNginx()} here, below the minimum of {min.ToNginx()}: a larger response header ends in 'upstream sent too big header' and a 502",
                    fix: CreateFix(first, effective, name, min));
            }
        }

        foreach (var haproxy in Haproxy.HaproxyBuffers.Check(context, min))
        {
            yield return Report(haproxy.Location, haproxy.Message, haproxy.Related, haproxy.Fix);
        }
    }

    /// <summary>The buffer size raised to the minimum where it is set (or set beside the pass), and <c>*_buffers</c> and
    /// <c>*_busy_buffers_size</c> moved where nginx would otherwise refuse the combination (ngx_http_proxy_merge_loc_conf and
    /// kin): the busy size must be at least the larger of the buffer size and one buffer, and at most all buffers but one;
    /// unset, it is twice that larger value. Levels below the changed one that set their own buffers are checked too.</summary>
    private static Fix CreateFix(FrontEnd first, NginxSettings.Effective<ByteSize> effective, string name, ByteSize min)
    {
        var module = NginxSettings.Module(first.DirectiveName);
        var scope = ((NginxPass)first.Details!).Scope;
        var edits = new List<FileEdit>();
        NginxScope level;
        var lines = new List<string>();
        NginxDirective anchor;
        ConfigFile anchorFile;
        if (effective.Directive is { } directive)
        {
            level = scope.LevelOf(directive);
            edits.Add(Edits.ReplaceToken(effective.File!, directive.Arguments[0], min.ToNginx()));
            (anchor, anchorFile) = (directive, effective.File!);
        }
        else
        {
            level = scope;
            lines.Add($"{name} {min.ToNginx()};");
            (anchor, anchorFile) = ((NginxDirective)first.Directive, first.File);
        }

        if (module != "grpc")
        {
            foreach (var below in level.SelfAndDescendants())
            {
                if (below != level && below.Own(module + "_buffers") is null && below.Own(module + "_busy_buffers_size") is null)
                {
                    continue;
                }

                var scopeLines = below == level ? lines : [];
                var scopeEdits = Balance(below, module, min, scopeLines);
                edits.AddRange(scopeEdits);
                if (below != level && scopeLines.Count > 0
                    && (below.Own(module + "_buffers") ?? below.Own(module + "_busy_buffers_size")) is var (own, ownFile))
                {
                    edits.Add(Edits.InsertLinesAfter(ownFile, own, scopeLines));
                }
            }
        }

        if (lines.Count > 0)
        {
            edits.Add(Edits.InsertLinesAfter(anchorFile, anchor, lines));
        }

        return new Fix($"Raise {name} to {min.ToNginx()}", Applicability.Safe, edits);
    }

    /// <summary>The buffers and busy size that make <paramref name="bufferSize"/> acceptable at a level: edits for
    /// directives of that level, new lines for the rest.</summary>
    private static List<FileEdit> Balance(NginxScope scope, string module, ByteSize bufferSize, List<string> newLines)
    {
        var edits = new List<FileEdit>();
        var buffers = NginxSettings.Buffers(scope, module);
        var (count, size) = buffers.Value;
        var busy = NginxSettings.Size(scope, module + "_busy_buffers_size", default);
        var need = Max(bufferSize, size);
        var newSize = size;
        if ((count - 1) * size.Bytes < need.Bytes)
        {
            newSize = bufferSize;
            need = Max(bufferSize, newSize);
        }

        var cap = new ByteSize((count - 1) * newSize.Bytes);
        if (newSize != size)
        {
            var text = $"{count} {newSize.ToNginx()}";
            if (scope.Own(module + "_buffers") is var (own, ownFile))
            {
                edits.Add(Edits.Replace(ownFile, TextSpan.FromBounds(own.Arguments[0].Start, own.Arguments[own.Arguments.Count - 1].End), text));
            }
            else
            {
                newLines.Add($"{module}_buffers {text};");
            }
        }

        ByteSize? newBusy = null;
        if (!busy.IsDefault)
        {
            if (busy.Value < need || busy.Value > cap)
            {
                newBusy = busy.Value < need ? need : cap;
            }
        }
        else if (new ByteSize(2 * need.Bytes) > cap)
        {
            newBusy = cap;
        }

        if (newBusy is { } value)
        {
            if (scope.Own(module + "_busy_buffers_size") is var (own, ownFile))
            {
                edits.Add(Edits.ReplaceToken(ownFile, own.Arguments[0], value.ToNginx()));
            }
            else
            {
                newLines.Add($"{module}_busy_buffers_size {value.ToNginx()};");
            }
        }

        return edits;
    }

    private static ByteSize Max(ByteSize a, ByteSize b) => a >= b ? a : b;
}
