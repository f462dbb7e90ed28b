using System.Collections.Concurrent;
using ConfLint.Configuration;
using ConfLint.Diagnostics;
using ConfLint.Linting;
using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Differential;

/// <summary>
/// CL000 against the daemons themselves: each variation of Debian's stock configurations and a realistic site is
/// staged, checked by <c>nginx -t</c>, <c>apache2 -t</c> or <c>php-fpm8.2 -t</c> in a private mount namespace, and
/// linted. CL000 must report (at error) every refusal it can and never one where the daemon accepts.
/// </summary>
public sealed class DifferentialTests
{
    private const string NginxSite = """
        upstream app {
            server 127.0.0.1:8000;
            #@UPS@
        }

        server {
            listen 80;
            server_name shop.example;
            root /var/www/html;
            #@SRV@

            location / {
                proxy_pass http://app;
                proxy_set_header Host $host;
                #@LOC@
                if ($http_x_debug) {
                    #@IF@
                }
            }

            location ~ \.php$ {
                include snippets/fastcgi-php.conf;
                fastcgi_pass unix:/run/php/php8.2-fpm.sock;
                #@PHP@
            }
        }
        #@HTTP@

        """;

    private const string ApacheSite = """
        #@TOP@
        <VirtualHost *:80>
            ServerName shop.example
            DocumentRoot /var/www/html
            #@VH@
            <Directory /var/www/html>
                #@DIR@
            </Directory>
            <Location /app>
                #@LOC@
            </Location>
        </VirtualHost>

        """;

    /// <summary>Appended to Debian's haproxy.cfg (whose global section gets #@GLOBAL@ and defaults #@DEF@).</summary>
    private const string HaproxyTail = """

        frontend web
            bind 127.0.0.1:8080
            default_backend app
            #@FE@

        backend app
            server a 127.0.0.1:8000 check
            #@BE@

        """;

    [Fact]
    public void Cl000_agrees_with_nginx_apache_and_php_fpm_on_variations_of_real_configurations()
    {
        DaemonRunner.SkipUnlessCanRun();

        var variants = Variants.All().ToList();
        var results = new ConcurrentBag<(Variant Variant, bool Refused, string Said, IReadOnlyList<Diagnostic> Reported)>();
        Parallel.ForEach(variants, new ParallelOptions { MaxDegreeOfParallelism = 2 }, variant =>
        {
            using var tree = Stage(variant);
            var (refused, said) = DaemonRunner.Check(variant.Daemon, tree.Root);
            var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root, MaxDegreeOfParallelism = 1 });
            var lint = Linter.Run(workspace, ConfLintConfig.Empty, RuleSelection.All);
            var prefix = variant.Daemon switch { "nginx" => "etc/nginx/", "apache" => "etc/apache2/", _ => "etc/php/" };
            var reported = lint.Diagnostics.Where(d => d.Code == "CL000" && d.Severity == Severity.Error && d.Location.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            results.Add((variant, refused, said, reported));
        });

        var lines = new List<string>();
        var falseAlarms = new List<string>();
        var missed = new List<string>();
        foreach (var daemon in new[] { "nginx", "apache", "php-fpm" })
        {
            var mine = results.Where(r => r.Variant.Daemon == daemon).ToList();
            var refused = mine.Count(r => r.Refused);
            var caught = mine.Count(r => r.Refused && r.Reported.Count > 0);
            var alarms = mine.Where(r => !r.Refused && r.Reported.Count > 0).ToList();
            lines.Add($"{daemon}: {mine.Count} variations, refused {refused}, reported {caught} of {refused}, false alarms {alarms.Count}");
            falseAlarms.AddRange(alarms.Select(r => $"{r.Variant}: {r.Reported[0]}"));
            missed.AddRange(mine.Where(r => r.Refused && r.Reported.Count == 0).Select(r => $"{r.Variant}: {r.Said.Split('\n')[0]}"));
        }

        var summary = string.Join('\n', lines) + "\nmissed:\n  " + string.Join("\n  ", missed) + "\nfalse alarms:\n  " + string.Join("\n  ", falseAlarms);
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        var report = Environment.GetEnvironmentVariable("CONFLINT_DIFFERENTIAL_REPORT");
        if (!string.IsNullOrEmpty(report))
        {
            File.WriteAllText(report, summary + "\n");
        }

        Assert.True(results.Count(r => r.Refused) >= 100, "the variations must include refusals of every kind\n" + summary);
        Assert.True(falseAlarms.Count == 0, "CL000 fired where the daemon accepts:\n" + summary);
        var totalRefused = results.Count(r => r.Refused);
        var totalCaught = results.Count(r => r.Refused && r.Reported.Count > 0);
        Assert.True(totalCaught >= 0.95 * totalRefused, $"CL000 reported {totalCaught} of {totalRefused} refusals:\n" + summary);
    }

    internal static TempTree Stage(Variant variant)
    {
        var tree = new TempTree();
        switch (variant.Daemon)
        {
            case "nginx":
                tree.CopyHostFolder("/etc/nginx", "etc/nginx");
                tree.CopyHostFolder("/usr/share/nginx/modules-available", "usr/share/nginx/modules-available");
                tree.Write(Variants.NginxSite, NginxSite);
                tree.Write("usr/lib/systemd/system/nginx.service", File.ReadAllText("/usr/lib/systemd/system/nginx.service"));
                foreach (var account in new[] { "etc/passwd", "etc/group" })
                {
                    tree.Write(account, File.ReadAllText("/" + account));
                }

                // What a live root shows of the installed nginx: dpkg's status names its release.
                Directory.CreateDirectory(tree.Path("var/lib/dpkg"));
                File.Copy("/var/lib/dpkg/status", tree.Path("var/lib/dpkg/status"));
                break;
            case "apache":
                tree.CopyHostFolder("/etc/apache2", "etc/apache2");
                tree.Write(Variants.ApacheSite, ApacheSite);
                File.AppendAllText(tree.Path("etc/apache2/ports.conf"), "\n#@TOP@\n");
                break;
            case "haproxy":
                tree.CopyHostFolder("/etc/haproxy", "etc/haproxy");
                var debian = File.ReadAllText("/etc/haproxy/haproxy.cfg").Replace("global\n", "global\n\t#@GLOBAL@\n", StringComparison.Ordinal);
                tree.Write(Variants.HaproxyConfig, debian.TrimEnd('\n') + "\n\t#@DEF@\n" + HaproxyTail);

                // dpkg's status names the release that reads the file (HAProxy 2.6's keywords).
                Directory.CreateDirectory(tree.Path("var/lib/dpkg"));
                File.Copy("/var/lib/dpkg/status", tree.Path("var/lib/dpkg/status"));
                break;
            default:
                tree.CopyHostFolder("/etc/php/8.2", "etc/php/8.2");

                // What a live root shows of how PHP-FPM starts: Debian's unit runs the master as root, which looks up
                // the pools' users and groups in the root's accounts.
                tree.Write("usr/lib/systemd/system/php8.2-fpm.service", File.ReadAllText("/usr/lib/systemd/system/php8.2-fpm.service"));
                foreach (var account in new[] { "etc/passwd", "etc/group" })
                {
                    tree.Write(account, File.ReadAllText("/" + account));
                }
                break;
        }

        Apply(tree, variant);
        return tree;
    }

    private static void Apply(TempTree tree, Variant variant)
    {
        if (variant.Daemon == "php-fpm")
        {
            var pool = tree.Path(Variants.FpmPool);
            switch (variant.Marker)
            {
                case "#@POOL@" or "#@END@":
                    File.AppendAllText(pool, "\n" + variant.Text + "\n");
                    break;
                case "#@GLOBAL@":
                    var main = tree.Path("etc/php/8.2/fpm/php-fpm.conf");
                    File.WriteAllText(main, File.ReadAllText(main).Replace("[global]\n", "[global]\n" + variant.Text + "\n", StringComparison.Ordinal));
                    break;
                case "#@NOPOOL@":
                    File.Delete(pool);
                    break;
                case "#@NOLISTEN@":
                    File.WriteAllLines(pool, File.ReadAllLines(pool).Where(l => !l.StartsWith("listen =", StringComparison.Ordinal)));
                    break;
            }

            return;
        }

        var path = tree.Path(variant.File);
        var text = File.ReadAllText(path).Replace(variant.Marker, variant.Text, StringComparison.Ordinal);
        var lines = text.Split('\n').Where(l => !l.TrimStart().StartsWith("#@", StringComparison.Ordinal));
        File.WriteAllText(path, string.Join('\n', lines));
    }
}
