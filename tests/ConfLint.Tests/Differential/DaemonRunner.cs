using System.Diagnostics;
using ConfLint.Syntax.Apache;

namespace ConfLint.Tests.Differential;

/// <summary>
/// Runs a daemon's own check (<c>nginx -t</c>, <c>apache2 -t</c>, <c>php-fpm8.2 -t</c>, <c>haproxy -c</c>) on a staged tree: in a private
/// mount namespace (<c>unshare -m</c>) the staged folder is bound over the daemon's configuration folder, so the
/// daemon reads the staged files at their real paths and nothing outside the namespace sees them. Needs root.
/// </summary>
internal static class DaemonRunner
{
    public static bool CanRun =>
        Environment.UserName == "root" && File.Exists("/usr/bin/unshare") && File.Exists("/usr/sbin/nginx")
        && File.Exists("/usr/sbin/apache2") && File.Exists("/usr/sbin/php-fpm8.2") && File.Exists("/usr/sbin/haproxy");

    /// <summary>Whether the daemon refuses the staged configuration, and what it said.</summary>
    public static (bool Refused, string Output) Check(string daemon, string stagedRoot)
    {
        var (folder, command, environment) = daemon switch
        {
            "nginx" => ("etc/nginx", new[] { "/usr/sbin/nginx", "-t", "-q" }, null),
            "apache" => ("etc/apache2", new[] { "/usr/sbin/apache2", "-t" }, ApacheVariables.ReadEnvvars(File.ReadAllText(Path.Combine(stagedRoot, "etc/apache2/envvars")))),
            // -n: without php.ini, whose settings -t does not check (php_admin_value lines are applied in the workers);
            // it saves loading every extension, two thirds of the run.
            "php-fpm" => ("etc/php/8.2", new[] { "/usr/sbin/php-fpm8.2", "-n", "-t", "-y", "/etc/php/8.2/fpm/php-fpm.conf" }, null),
            "haproxy" => ("etc/haproxy", new[] { "/usr/sbin/haproxy", "-c", "-f", "/etc/haproxy/haproxy.cfg" }, null),
            _ => throw new ArgumentOutOfRangeException(nameof(daemon)),
        };
        var start = new ProcessStartInfo("/usr/bin/unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The configuration folder, and where the staged root has them, the log and state folders the daemon opens
        // or creates at start (nginx's logs and temporary paths, PHP-FPM's error log): nothing is written outside.
        var binds = new List<string> { Path.Combine(stagedRoot, folder), "/" + folder };
        foreach (var extra in new[] { "var/log", "var/lib/nginx" })
        {
            if (Directory.Exists(Path.Combine(stagedRoot, extra)))
            {
                binds.AddRange([Path.Combine(stagedRoot, extra), "/" + extra]);
            }
        }

        const string script = "while [ \"$1\" != -- ]; do mount --bind \"$1\" \"$2\" || exit 97; shift 2; done; shift; exec \"$@\"";
        foreach (var argument in (string[])["-m", "--propagation", "private", "/bin/sh", "-c", script, "sh", .. binds, "--", .. command])
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            // httpd -t checks that DefaultRuntimeDir (${APACHE_RUN_DIR}) exists; apache2's init script creates it at
            // start, so a machine where apache2 never ran (a CI container) has none: the staged tree gets its own.
            if (environment.TryGetValue("APACHE_RUN_DIR", out var runDir) && !Directory.Exists(runDir))
            {
                var staged = Path.Combine(stagedRoot, "run", "apache2");
                Directory.CreateDirectory(staged);
                environment = new Dictionary<string, string>(environment, StringComparer.Ordinal) { ["APACHE_RUN_DIR"] = staged };
            }

            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{daemon} -t did not finish");
        }

        var output = stdout.Result + stderr.Result;
        if (process.ExitCode == 97)
        {
            throw new InvalidOperationException($"could not stage {folder}: {output}");
        }

        return (process.ExitCode != 0, output.Trim());
    }
}
