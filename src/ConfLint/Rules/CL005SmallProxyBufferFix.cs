using ConfLint.Diagnostics;
using ConfLint.Rules.Support;
using ConfLint.Host;
using ConfLint.Host.Nginx;
using ConfLint.Syntax.Nginx;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Rules;

/// <summary>
/// CL005's fix: the buffer size raised to the minimum where it is set (or set beside the pass), and
/// <c>*_buffers</c> and <c>*_busy_buffers_size</c> moved where nginx would otherwise refuse the combination
/// (ngx_http_proxy_merge_loc_conf and kin): the busy size must be at least the larger of the buffer size and one
/// buffer, and at most all buffers but one; unset, it is twice that larger value. Levels below the changed one
/// that set their own buffers are checked too.
/// </summary>
internal static class CL005SmallProxyBufferFix
{
    public static Fix Create(FrontEnd first, NginxSettings.Effective<ByteSize> effective, string name, ByteSize min)
    {
        var module = NginxSettings.Module(first.DirectiveName);
        var edits = new List<FileEdit>();
        NginxScope level;
        var lines = new List<string>();
        NginxDirective anchor;
        ConfigFile anchorFile;
        if (effective.Directive is { } directive)
        {
            level = LevelOf(((NginxPass)first.Details!).Scope, directive);
            edits.Add(Edits.ReplaceToken(effective.File!, directive.Arguments[0], min.ToNginx()));
            (anchor, anchorFile) = (directive, effective.File!);
        }
        else
        {
            level = ((NginxPass)first.Details!).Scope;
            lines.Add($"{name} {min.ToNginx()};");
            (anchor, anchorFile) = ((NginxDirective)first.Directive, first.File);
        }

        if (module != "grpc")
        {
            foreach (var scope in SelfAndBelow(level))
            {
                if (scope != level && scope.Own(module + "_buffers") is null && scope.Own(module + "_busy_buffers_size") is null)
                {
                    continue;
                }

                var scopeLines = scope == level ? lines : [];
                var scopeEdits = Balance(scope, module, min, scopeLines);
                edits.AddRange(scopeEdits);
                if (scope != level && scopeLines.Count > 0
                    && (scope.Own(module + "_buffers") ?? scope.Own(module + "_busy_buffers_size")) is var (own, ownFile))
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
                edits.Add(Edits.Replace(ownFile, Text.TextSpan.FromBounds(own.Arguments[0].Start, own.Arguments[own.Arguments.Count - 1].End), text));
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

    /// <summary>The level at or above <paramref name="scope"/> that holds <paramref name="directive"/>.</summary>
    private static NginxScope LevelOf(NginxScope scope, NginxDirective directive)
    {
        for (var level = scope; level is not null; level = level.Parent)
        {
            if (level.Settings.Any(s => ReferenceEquals(s.Directive, directive)))
            {
                return level;
            }
        }

        return scope;
    }

    private static IEnumerable<NginxScope> SelfAndBelow(NginxScope scope)
    {
        yield return scope;
        foreach (var child in scope.Children)
        {
            foreach (var below in SelfAndBelow(child))
            {
                yield return below;
            }
        }
    }
}
