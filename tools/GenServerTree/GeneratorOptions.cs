using System.Globalization;

namespace ConfLint.Tools.GenServerTree;

/// <summary>What to generate. The defaults make a box of about 20 MB of configs.</summary>
public sealed record GeneratorOptions
{
    public const string Usage =
        "usage: gen-server-tree --out DIR [--servers 10000] [--files 2000] [--pools 200] [--units 2000] [--seed 1]";

    public string? Out { get; init; }

    /// <summary>nginx server blocks, redirect-only blocks included.</summary>
    public int Servers { get; init; } = 10000;

    /// <summary>Files under etc/nginx/sites-enabled the server blocks are spread over.</summary>
    public int Files { get; init; } = 2000;

    /// <summary>PHP-FPM pools, each on its own socket.</summary>
    public int Pools { get; init; } = 200;

    /// <summary>systemd services of proxied apps, each on its own port.</summary>
    public int Units { get; init; } = 2000;

    public ulong Seed { get; init; } = 1;

    /// <summary>Reads the command line; returns null and sets <paramref name="error"/> on a usage error.</summary>
    public static GeneratorOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        var options = new GeneratorOptions();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                error = $"{name}: missing value";
                return null;
            }

            var value = args[++i];
            options = name switch
            {
                "--out" => options with { Out = value },
                "--servers" => options with { Servers = ParseCount(name, value, ref error) },
                "--files" => options with { Files = ParseCount(name, value, ref error) },
                "--pools" => options with { Pools = ParseCount(name, value, ref error) },
                "--units" => options with { Units = ParseCount(name, value, ref error) },
                "--seed" => options with { Seed = ParseSeed(value, ref error) },
                _ => Unknown(options, name, ref error),
            };

            if (error is not null)
            {
                return null;
            }
        }

        error = options switch
        {
            { Out: null } => "--out is required",
            { Files: var files, Servers: var servers } when files > servers => "--files must not exceed --servers",
            { Units: > 50000 } => "--units must not exceed 50000 (each app has its own port from 10001)",
            _ => null,
        };
        return error is null ? options : null;
    }

    private static int ParseCount(string name, string value, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= 1_000_000)
        {
            return count;
        }

        error = $"{name}: expected a whole number from 1 to 1000000, got '{value}'";
        return 0;
    }

    private static ulong ParseSeed(string value, ref string? error)
    {
        if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
        {
            return seed;
        }

        error = $"--seed: expected a whole number, got '{value}'";
        return 0;
    }

    private static GeneratorOptions Unknown(GeneratorOptions options, string name, ref string? error)
    {
        error = $"unknown option '{name}'";
        return options;
    }
}
