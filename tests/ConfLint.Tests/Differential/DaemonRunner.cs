using System.Diagnostics;
using ConfLint.Syntax.Apache;
using ConfLint.Tests.Support;

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

    /// <summary>Skips the calling test where the daemons cannot run (<see cref="CanRun"/>); on CI that is a failure.</summary>
    public static void SkipUnlessCanRun()
    {
        if (!CanRun)
        {
            Assert.False(Repository.IsCI, "CI must run as root with unshare, nginx-full, apache2, php8.2-fpm and haproxy installed");
            Assert.Skip("needs root, unshare, nginx, apache2, php-fpm8.2 and haproxy");
        }
    }

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

        // Apache refuses to start when DefaultRuntimeDir (${APACHE_RUN_DIR}, /var/run/apache2) is missing, and on a machine
        // where apache2 was installed without ever starting, it is: the namespace gets its own /run holding the folders
        // the staged envvars name, so the check neither depends on nor creates anything on the host.
        var runFolders = daemon == "apache" && environment is not null
            ? string.Join(' ', new[] { "APACHE_RUN_DIR", "APACHE_LOCK_DIR" }.Where(environment.ContainsKey).Select(name => "'" + environment[name].Replace("'", "") + "'"))
            : "";
        var script = (runFolders.Length > 0 ? $"mount -t tmpfs tmpfs /run && mkdir -p /run/lock {runFolders} || exit 97; " : "")
            + "while [ \"$1\" != -- ]; do mount --bind \"$1\" \"$2\" || exit 97; shift 2; done; shift; exec \"$@\"";
        foreach (var argument in (string[])["-m", "--propagation", "private", "/bin/sh", "-c", script, "sh", .. binds, "--", .. command])
        {
            start.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
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
