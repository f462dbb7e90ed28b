namespace ConfLint.Knowledge;

/// <summary>How PHP-FPM reads a key's value (its <c>fpm_conf_set_*</c> parser).</summary>
public enum FpmValueKind
{
    String,
    Integer,
    Time,
    Boolean,
    LogLevel,
    RlimitCore,
    ProcessManager,
    SyslogFacility,
    Include,

    /// <summary><c>php_value[name]</c>, <c>env[NAME]</c>: any value.</summary>
    Array,

    /// <summary><c>php_flag[name]</c>: a boolean.</summary>
    FlagArray,
}

/// <summary>The PHP-FPM 8.2 keys (<c>data/directives/php-fpm.txt</c>): global and pool options, and array keys.</summary>
public sealed class FpmKeyTable
{
    private static readonly Lazy<FpmKeyTable> Shared = new(Load);

    private readonly Dictionary<string, FpmValueKind> _global;
    private readonly Dictionary<string, FpmValueKind> _pool;

    private FpmKeyTable(Dictionary<string, FpmValueKind> global, Dictionary<string, FpmValueKind> pool)
    {
        _global = global;
        _pool = pool;
    }

    public static FpmKeyTable Instance => Shared.Value;

    /// <summary>Reads and parses the embedded table anew (<see cref="Instance"/> keeps one per process).</summary>
    internal static FpmKeyTable Load() => Parse(DirectiveData.Lines("php-fpm.txt"));

    public IEnumerable<string> GlobalKeys => _global.Keys;

    public IEnumerable<string> PoolKeys => _pool.Keys;

    /// <summary>The kind of a key (<c>pm.max_children</c>, or <c>php_value[]</c> for any <c>php_value[x]</c>) in the
    /// global section or a pool; null where FPM answers "unknown entry". Names compare without case.</summary>
    public FpmValueKind? Find(string key, bool global)
    {
        var keys = global ? _global : _pool;
        return keys.TryGetValue(key, out var kind) ? kind : null;
    }

    internal static FpmKeyTable Parse(List<string> lines)
    {
        var global = new Dictionary<string, FpmValueKind>(StringComparer.OrdinalIgnoreCase);
        var pool = new Dictionary<string, FpmValueKind>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            var f = line.Split(' ');
            var kind = f[2] switch
            {
                "string" => FpmValueKind.String,
                "int" => FpmValueKind.Integer,
                "time" => FpmValueKind.Time,
                "bool" => FpmValueKind.Boolean,
                "loglevel" => FpmValueKind.LogLevel,
                "rlimit" => FpmValueKind.RlimitCore,
                "pm" => FpmValueKind.ProcessManager,
                "facility" => FpmValueKind.SyslogFacility,
                "include" => FpmValueKind.Include,
                "array" => FpmValueKind.Array,
                "flagarray" => FpmValueKind.FlagArray,
                _ => throw new FormatException($"php-fpm.txt: unknown type in '{line}'"),
            };
            (f[0] == "global" ? global : pool)[f[1]] = kind;
        }

        return new FpmKeyTable(global, pool);
    }
}
