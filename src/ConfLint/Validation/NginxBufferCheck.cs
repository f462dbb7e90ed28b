using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;

namespace ConfLint.Validation;

/// <summary>
/// nginx's buffer arithmetic (<see cref="NginxBuffers"/>) at every level it merges in http: the http block, each
/// server, each location, <c>if</c> and <c>limit_except</c>. A failure is reported once, at the level whose own
/// settings bring it about.
/// </summary>
internal static class NginxBufferCheck
{
    private static readonly string[] Suffixes = ["_buffers", "_buffer_size", "_busy_buffers_size", "_temp_file_write_size", "_max_temp_file_size"];

    /// <summary>Each prefix's setting names, in <see cref="Suffixes"/> order, made once.</summary>
    private static readonly Dictionary<string, string[]> Names =
        NginxBuffers.Prefixes.ToDictionary(p => p, p => Suffixes.Select(s => p + s).ToArray(), StringComparer.Ordinal);

    /// <summary>Keeps a buffer setting's value at its level, when the value is one nginx reads.</summary>
    public static void Record(NginxDirective directive, NginxDirectiveInfo info, NginxLevel level)
    {
        // Only sizes and buffer pairs are kept (below): every other directive is turned away before its name is looked up.
        if (info.Value is not (NginxValueKind.Buffers or NginxValueKind.Size or NginxValueKind.Offset))
        {
            return;
        }

        var name = directive.Name;
        var underscore = name.IndexOf('_', StringComparison.Ordinal);
        if (underscore < 0 || !Names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name.AsSpan(0, underscore), out var names) || Array.IndexOf(names, name) < 0)
        {
            return;
        }

        var args = directive.Args;
        if (info.Value == NginxValueKind.Buffers && args.Count == 2 && NginxValues.TryParseNumber(args[0], out var count) && NginxValues.TryParseSize(args[1], out var size))
        {
            level.Buffers[name] = [count, size];
        }
        else if (info.Value is NginxValueKind.Size or NginxValueKind.Offset && args.Count == 1 && NginxValues.TryParseOffset(args[0], out var bytes))
        {
            level.Buffers[name] = [bytes];
        }
    }

    /// <summary>Judges <paramref name="top"/>, then each level inside it, in document order.</summary>
    public static void Check(NginxLevel top, Findings findings)
    {
        CheckLevel(top, findings);
        var children = top.ChildLevels;
        for (var i = 0; i < children.Count; i++)
        {
            Check(children[i], findings);
        }
    }

    private static void CheckLevel(NginxLevel level, Findings findings)
    {
        // A level that sets none of them only inherits a failure reported where it is set.
        if (!level.SetsBuffers || level.Context is not (NginxContext.Http or NginxContext.Server or NginxContext.Location or NginxContext.LocationIf or NginxContext.LimitExcept or NginxContext.ServerIf))
        {
            return;
        }

        foreach (var prefix in NginxBuffers.Prefixes)
        {
            if (!SetsAny(level, prefix) || NginxBuffers.Check(prefix, Settings(level, prefix)) is not { } failure)
            {
                continue;
            }

            var (directive, file) = level.Children.Last(c => c.Directive.Name.StartsWith(prefix + "_", StringComparison.Ordinal) && level.SetsBuffer(c.Directive.Name));
            findings.Error(file, directive, failure);
        }
    }

    public static NginxBuffers.Settings Settings(NginxLevel level, string prefix)
    {
        var names = Names[prefix];
        var buffers = level.Effective(names[0]);
        return new NginxBuffers.Settings(buffers?[0], buffers?[1], level.Effective(names[1])?[0],
            level.Effective(names[2])?[0], level.Effective(names[3])?[0], level.Effective(names[4])?[0]);
    }

    private static bool SetsAny(NginxLevel level, string prefix)
    {
        foreach (var name in Names[prefix])
        {
            if (level.SetsBuffer(name))
            {
                return true;
            }
        }

        return false;
    }
}
