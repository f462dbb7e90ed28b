using ConfLint.Diagnostics;
using ConfLint.Host.Nginx;
using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Text;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Rules.Support;

/// <summary>
/// A header buffer (<c>proxy_buffer_size</c> and kin) raised at one level, with whatever else nginx's buffer arithmetic
/// (<see cref="NginxBuffers.Check"/>, as <c>ngx_http_proxy_merge_loc_conf</c> checks it at every level) then needs, at
/// that level and at each level inside it that sets buffers of its own: the buffers raised to the header size where all
/// of them but one cannot hold it, the busy size, temporary-file write size and maximum temporary file raised to the
/// larger buffer, the busy size capped below all buffers but one. Fewest changes first; each planned level is checked
/// with the same arithmetic nginx uses, and no plan is made where it would still fail.
/// </summary>
public static class NginxBufferPlan
{
    private static readonly string[] Suffixes = ["_buffers", "_buffer_size", "_busy_buffers_size", "_temp_file_write_size", "_max_temp_file_size"];

    /// <summary>The edits that make <c>{prefix}_buffer_size</c> <paramref name="size"/> at <paramref name="level"/> (its
    /// own directive rewritten, or a line added after <paramref name="anchor"/>), or null where no consistent plan exists
    /// or a line cannot be written where it belongs.</summary>
    public static List<FileEdit>? Raise(NginxScope level, string prefix, ByteSize size, (NginxDirective Directive, ConfigFile File)? anchor)
    {
        var planned = new Dictionary<(NginxScope, string), long[]>();
        planned[(level, prefix + "_buffer_size")] = [size.Bytes];
        if (NginxBuffers.Prefixes.Contains(prefix))
        {
            foreach (var scope in level.SelfAndDescendants())
            {
                if (!Merges(scope.Context) || (scope != level && !Suffixes.Any(s => scope.Own(prefix + s) is not null)))
                {
                    continue;
                }

                if (NginxBuffers.Check(prefix, Settings(scope, prefix, planned)) is not null && !Balance(scope, prefix, planned))
                {
                    return null;
                }
            }
        }

        var edits = new List<FileEdit>();
        foreach (var group in planned.GroupBy(p => p.Key.Item1))
        {
            var scope = group.Key;
            var lines = new List<string>();
            foreach (var ((_, name), value) in group)
            {
                var text = name.EndsWith("_buffers", StringComparison.Ordinal) ? $"{value[0]} {new ByteSize(value[1]).ToNginx()}" : new ByteSize(value[0]).ToNginx();
                if (scope.Own(name) is var (own, ownFile) && own.Arguments.Count > 0)
                {
                    edits.Add(Edits.Replace(ownFile, TextSpan.FromBounds(own.Arguments[0].Start, own.Arguments[own.Arguments.Count - 1].End), text));
                }
                else
                {
                    lines.Add($"{name} {text};");
                }
            }

            if (lines.Count > 0)
            {
                var where = scope == level ? anchor : OwnAnchor(scope, prefix);
                if (NginxEdits.InsertInto(scope, lines, where) is not { } insert)
                {
                    return null;
                }

                edits.Add(insert);
            }
        }

        return NginxEdits.Merge(edits);
    }

    /// <summary>The levels nginx merges a location configuration at.</summary>
    private static bool Merges(NginxContext context) =>
        context is NginxContext.Http or NginxContext.Server or NginxContext.Location or NginxContext.LocationIf or NginxContext.ServerIf or NginxContext.LimitExcept;

    /// <summary>Plans changes at <paramref name="scope"/> so that its settings pass nginx's check; false when none do.</summary>
    private static bool Balance(NginxScope scope, string prefix, Dictionary<(NginxScope, string), long[]> planned)
    {
        var settings = Settings(scope, prefix, planned);
        var count = settings.BufferCount ?? 8;
        var bufferSize = settings.BufferSize ?? NginxBuffers.PageSize;
        var header = settings.HeaderBufferSize ?? NginxBuffers.PageSize;
        if (count < 2)
        {
            return false;
        }

        if ((count - 1) * bufferSize < Math.Max(header, bufferSize))
        {
            bufferSize = header;
            planned[(scope, prefix + "_buffers")] = [count, bufferSize];
        }

        var need = Math.Max(header, bufferSize);
        var cap = (count - 1) * bufferSize;
        var busy = settings.BusySize ?? (2 * need);
        if (busy < need || busy > cap)
        {
            planned[(scope, prefix + "_busy_buffers_size")] = [busy < need ? need : cap];
        }

        if (settings.TempFileWriteSize is { } write && write < need)
        {
            planned[(scope, prefix + "_temp_file_write_size")] = [need];
        }

        if (settings.MaxTempFileSize is { } max && max != 0 && max < need)
        {
            planned[(scope, prefix + "_max_temp_file_size")] = [need];
        }

        return NginxBuffers.Check(prefix, Settings(scope, prefix, planned)) is null;
    }

    /// <summary>The settings in effect at a level once the planned values are written.</summary>
    private static NginxBuffers.Settings Settings(NginxScope scope, string prefix, Dictionary<(NginxScope, string), long[]> planned)
    {
        long[]? Effective(string name)
        {
            foreach (var level in scope.SelfAndAncestors())
            {
                if (planned.TryGetValue((level, name), out var value))
                {
                    return value;
                }

                if (level.Own(name) is var (directive, _))
                {
                    return Read(directive);
                }
            }

            return null;
        }

        var buffers = Effective(prefix + "_buffers");
        return new NginxBuffers.Settings(buffers?[0], buffers?[1], Effective(prefix + "_buffer_size")?[0], Effective(prefix + "_busy_buffers_size")?[0],
            Effective(prefix + "_temp_file_write_size")?[0], Effective(prefix + "_max_temp_file_size")?[0]);
    }

    /// <summary>A buffer directive's value as nginx reads it, or null where it does not read one (then nginx refuses the
    /// directive itself, CL000's finding).</summary>
    private static long[]? Read(NginxDirective directive)
    {
        var args = directive.Args;
        if (directive.Name.EndsWith("_buffers", StringComparison.Ordinal) && !directive.Name.EndsWith("_busy_buffers", StringComparison.Ordinal))
        {
            return args.Count == 2 && NginxValues.TryParseNumber(args[0], out var count) && NginxValues.TryParseSize(args[1], out var size) ? [count, size] : null;
        }

        return args.Count == 1 && NginxValues.TryParseOffset(args[0], out var bytes) ? [bytes] : null;
    }

    /// <summary>Where new buffer lines go at a level inside the one raised: after its own buffer directive.</summary>
    private static (NginxDirective, ConfigFile)? OwnAnchor(NginxScope scope, string prefix) =>
        Suffixes.Select(s => scope.Own(prefix + s)).FirstOrDefault(o => o is not null);
}
