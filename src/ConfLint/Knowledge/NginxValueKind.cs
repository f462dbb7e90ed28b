namespace ConfLint.Knowledge;

/// <summary>The value an nginx directive's standard handler reads (its <c>ngx_conf_set_*_slot</c>).</summary>
public enum NginxValueKind
{
    /// <summary>A handler of the module's own: only the argument count is judged.</summary>
    Custom,
    Flag,
    Number,
    Size,
    Offset,
    Milliseconds,
    Seconds,
    Enum,
    Bitmask,
    Buffers,
    String,
    Path,
    Access,
}
