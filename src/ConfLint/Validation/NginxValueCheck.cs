using ConfLint.Knowledge;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Validation;

/// <summary>The values nginx's standard slots refuse, in the words <c>ngx_conf_handler</c> prints.</summary>
internal static class NginxValueCheck
{
    public static void Check(NginxDirective directive, ConfigFile file, NginxDirectiveInfo info, Findings findings)
    {
        var name = directive.Name;
        var args = directive.ArgSpan;
        if (args.Length == 0)
        {
            return;
        }

        var value = args[0];
        switch (info.Value)
        {
            case NginxValueKind.Flag when args.Length == 1 && !NginxValues.TryParseFlag(value, out _):
                findings.Error(file, directive, $"invalid value \"{value}\" in \"{name}\" directive, it must be \"on\" or \"off\"");
                break;
            case NginxValueKind.Number when args.Length == 1 && !NginxValues.TryParseNumber(value, out _):
                findings.Error(file, directive, $"\"{name}\" directive invalid number");
                break;
            case NginxValueKind.Number when args.Length == 1 && info.Values.Count == 1 && Bounds(info.Values[0]) is var (low, high)
                && NginxValues.TryParseNumber(value, out var number) && (number < low || number > high):
                // ngx_conf_check_num_bounds, the post handler of gzip_comp_level (1-9), limit_conn_status and
                // limit_req_status (400-599), uwsgi_modifier1/2 (0-255): the only bounds nginx's own modules declare.
                findings.Error(file, directive, $"value must be between {low} and {high}");
                break;
            case NginxValueKind.Size when args.Length == 1 && !NginxValues.TryParseSize(value, out _):
            case NginxValueKind.Offset when args.Length == 1 && !NginxValues.TryParseOffset(value, out _):
            case NginxValueKind.Milliseconds when args.Length == 1 && !NginxValues.TryParseTime(value, seconds: false, out _):
            case NginxValueKind.Seconds when args.Length == 1 && !NginxValues.TryParseTime(value, seconds: true, out _):
                findings.Error(file, directive, $"\"{name}\" directive invalid value");
                break;
            case NginxValueKind.Buffers when args.Length == 2 && !IsBuffers(args[0], args[1]):
                findings.Error(file, directive, $"\"{name}\" directive invalid value");
                break;
            case NginxValueKind.Enum when args.Length == 1 && info.Values.Count > 0 && !IsOneOf(value, info.Values):
                findings.Error(file, directive, $"invalid value \"{value}\"");
                break;
            case NginxValueKind.Bitmask when info.Values.Count > 0:
                foreach (var word in args)
                {
                    if (!IsOneOf(word, info.Values))
                    {
                        findings.Error(file, directive, $"invalid value \"{word}\"");
                        break;
                    }
                }

                break;
        }
    }

    /// <summary>The bounds of a <c>num:low-high</c> value (the table's spelling of an <c>ngx_conf_num_bounds_t</c>).</summary>
    private static (long Low, long High)? Bounds(string code)
    {
        var dash = code.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && NginxValues.TryParseNumber(code[..dash], out var low) && NginxValues.TryParseNumber(code[(dash + 1)..], out var high) ? (low, high) : null;
    }

    // A loop rather than a lambda: a lambda capturing the value made a closure object on every call, for every directive.
    private static bool IsOneOf(string value, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Equals(value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>ngx_conf_set_bufs_slot</c>: a number of buffers above zero and a size above zero.</summary>
    public static bool IsBuffers(string count, string size) =>
        NginxValues.TryParseNumber(count, out var n) && n > 0 && NginxValues.TryParseSize(size, out var s) && s > 0;
}
