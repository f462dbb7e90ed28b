using ConfLint.Syntax.Nginx;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host.Nginx;

/// <summary>
/// The per-module names and built-in defaults of the settings rules read, and their effective values at a
/// level. Defaults are nginx's (ngx_http_proxy_module and kin): buffer sizes one memory page (4k on x86-64
/// Linux), read timeouts 60s, 8 buffers of one page, busy buffers twice the larger of buffer size and one buffer.
/// </summary>
public static class NginxSettings
{
    public static readonly ByteSize PageSize = new(4096);

    public static readonly Duration DefaultReadTimeout = Duration.FromSeconds(60);

    /// <summary>The module prefix of a pass directive: <c>fastcgi_pass</c> gives <c>fastcgi</c>.</summary>
    public static string Module(string passDirective) => passDirective switch
    {
        // The usual ones as one string each: the rules ask this for each of a large tree's thousands of passes.
        "proxy_pass" => "proxy",
        "fastcgi_pass" => "fastcgi",
        "uwsgi_pass" => "uwsgi",
        "scgi_pass" => "scgi",
        "grpc_pass" => "grpc",
        "memcached_pass" => "memcached",
        _ => passDirective[..passDirective.IndexOf('_')],
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Pass, string Suffix), string> Settings = new();

    /// <summary>The module's setting of a pass directive (<c>proxy_pass</c> and <c>_read_timeout</c>: <c>proxy_read_timeout</c>),
    /// one string each: the rules ask for these for each of a large tree's thousands of passes.</summary>
    public static string ModuleSetting(string passDirective, string suffix) =>
        Settings.GetOrAdd((passDirective, suffix), static key => Module(key.Pass) + key.Suffix);

    /// <summary>Modules with response buffers (memcached has none worth checking).</summary>
    public static bool HasBuffers(string passDirective) => Module(passDirective) is "proxy" or "fastcgi" or "uwsgi" or "scgi" or "grpc";

    public static bool HasReadTimeout(string passDirective) => Module(passDirective) is "proxy" or "fastcgi" or "uwsgi" or "scgi" or "grpc" or "memcached";

    /// <summary>A setting's effective value at a level, and the directive that sets it (null when nginx's default applies).</summary>
    public sealed record Effective<T>(T Value, NginxDirective? Directive, ConfigFile? File)
    {
        public bool IsDefault => Directive is null;
    }

    /// <summary>The effective size of <paramref name="name"/>; an unreadable value counts as absent.</summary>
    public static Effective<ByteSize> Size(NginxScope scope, string name, ByteSize fallback)
    {
        if (scope.Effective(name) is var (directive, file) && directive.Args.Count >= 1 && ByteSize.TryParseNginx(directive.Args[0], out var size))
        {
            return new Effective<ByteSize>(size, directive, file);
        }

        return new Effective<ByteSize>(fallback, null, null);
    }

    public static Effective<Duration> Time(NginxScope scope, string name, Duration fallback)
    {
        if (scope.Effective(name) is var (directive, file) && directive.Args.Count >= 1 && Duration.TryParseNginx(directive.Args[0], out var time))
        {
            return new Effective<Duration>(time, directive, file);
        }

        return new Effective<Duration>(fallback, null, null);
    }

    /// <summary><c>*_buffers NUMBER SIZE</c>: effective, with nginx's default of 8 pages.</summary>
    public static Effective<(int Count, ByteSize Size)> Buffers(NginxScope scope, string module)
    {
        if (scope.Effective(module + "_buffers") is var (directive, file) && directive.Args.Count >= 2
            && int.TryParse(directive.Args[0], out var count) && ByteSize.TryParseNginx(directive.Args[1], out var size))
        {
            return new Effective<(int, ByteSize)>((count, size), directive, file);
        }

        return new Effective<(int, ByteSize)>((8, PageSize), null, null);
    }
}
