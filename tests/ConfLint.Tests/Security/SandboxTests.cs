using System.Diagnostics;
using ConfLint.Io;
using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// <c>fix --verify</c> on hostile trees, as root with the real daemons, each run its own process with a hard time
/// limit: code the tree ships is never loaded (a marker written by a constructor proves it), the daemons write
/// nothing outside their sandbox, a host file the tree includes by absolute path never reaches the output, and
/// an interrupted or hanging check ends with its sandbox, its children and its staging folder gone.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SandboxTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(40);

    private static void RequireSandbox()
    {
        if (Verifier.CanStage && HostTools.Exists("nginx") && HostTools.Exists("php-fpm8.2") && HostTools.Exists("apache2"))
        {
            return;
        }

        Assert.False(Repository.IsCI, "CI must have bubblewrap, nginx-full, php8.2-fpm and apache2 installed");
        Assert.Skip("needs bubblewrap, nginx, php-fpm8.2 and apache2");
    }

    /// <summary>Runs conflint with its own temporary folder, so that a staging folder left behind would be seen.</summary>
    private static ConflintProcess.Result Fix(string temporary, params string[] args)
    {
        var result = ConflintProcess.Run(Repository.Root, Limit, new Dictionary<string, string> { ["TMPDIR"] = temporary }, ["fix", .. args]);
        Assert.False(result.TimedOut, $"conflint fix did not finish in {Limit.TotalSeconds} s:\n{result.Output}");
        Assert.DoesNotContain("internal error", result.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporary));
        return result;
    }

    private static Dictionary<string, string> Snapshot(TempTree tree) =>
        Directory.EnumerateFiles(tree.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .ToDictionary(p => Path.GetRelativePath(tree.Root, p), File.ReadAllText);

    /// <summary>The CL003 fixture, whose fix changes its PHP-FPM pool, with a too-small FastCGI buffer that CL005 fixes
    /// in its nginx site too: a fix of both, so that --verify runs nginx -t and php-fpm -t.</summary>
    private static TempTree NginxAndPoolFixTree()
    {
        var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL003", "bad-site-user-pool"));
        var site = tree.Path("etc/nginx/sites-enabled/shop.conf");
        var text = File.ReadAllText(site);
        File.WriteAllText(site, text.Replace("fastcgi_pass unix:/run/php/shop.sock;", "fastcgi_pass unix:/run/php/shop.sock;\n        fastcgi_buffer_size 2k;", StringComparison.Ordinal));
        Assert.Contains("fastcgi_buffer_size 2k;", File.ReadAllText(site));
        return tree;
    }

    [Fact]
    public void An_nginx_module_shipped_in_the_tree_is_never_loaded()
    {
        RequireSandbox();
        SharedObject.RequireCompiler();
        using var outside = new TempTree();
        using var temporary = new TempTree();
        using var tree = NginxAndPoolFixTree();
        var module = SharedObject.Build(tree.Path("etc/nginx/modules-enabled/evil.so"), outside.Root);
        module.ProveItRuns();
        var nginx = tree.Path("etc/nginx/nginx.conf");
        File.WriteAllText(nginx, "load_module /etc/nginx/modules-enabled/evil.so;\n\"load_module\" modules/../../../../etc/nginx/modules-enabled/evil.so;\n" + File.ReadAllText(nginx));
        var before = Snapshot(tree);

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.False(File.Exists(module.Marker), "the module's constructor ran");
        Assert.DoesNotContain(module.Token, result.Output);
        Assert.Contains("nginx -t: cannot judge: etc/nginx/nginx.conf:1 loads /etc/nginx/modules-enabled/evil.so, which is not one of this machine's nginx modules", result.Stderr);
        Assert.Contains("etc/nginx/nginx.conf:2 loads modules/../../../../etc/nginx/modules-enabled/evil.so", result.Stderr);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, Snapshot(tree));
    }

    [Fact]
    public void A_module_folder_shipped_in_the_tree_is_covered_by_this_machines()
    {
        RequireSandbox();
        SharedObject.RequireCompiler();
        using var outside = new TempTree();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var module = SharedObject.Build(tree.Path("etc/nginx/modules/evil.so"), outside.Root);
        module.ProveItRuns();
        var nginx = tree.Path("etc/nginx/nginx.conf");
        File.WriteAllText(nginx, "load_module /etc/nginx/modules/evil.so;\n" + File.ReadAllText(nginx));

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.False(File.Exists(module.Marker), "the module's constructor ran");
        Assert.DoesNotContain(module.Token, result.Output);
        Assert.Contains("dlopen() \"/etc/nginx/modules/evil.so\" failed", result.Stderr);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void An_apache_module_shipped_in_the_tree_is_never_loaded()
    {
        RequireSandbox();
        SharedObject.RequireCompiler();
        using var outside = new TempTree();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL001", "bad-apache-gunicorn-port"));
        var module = SharedObject.Build(tree.Path("etc/apache2/mods-available/evil.so"), outside.Root);
        module.ProveItRuns();
        tree.Write("etc/apache2/mods-enabled/evil.load", "LoadModule evil_module /etc/apache2/mods-available/evil.so\n");
        tree.Write("etc/apache2/mods-enabled/libs.load", "LoadFile ${APACHE_LIBS}/evil.so\n");
        tree.Write("etc/apache2/envvars", "export APACHE_LIBS=/etc/apache2/mods-available\n" + File.ReadAllText(tree.Path("etc/apache2/envvars")));

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.False(File.Exists(module.Marker), "the module's constructor ran");
        Assert.DoesNotContain(module.Token, result.Output);
        Assert.Contains("apache2 -t: cannot judge: etc/apache2/mods-enabled/evil.load:1 loads /etc/apache2/mods-available/evil.so", result.Stderr);
        Assert.Contains("etc/apache2/mods-enabled/libs.load:1 loads ${APACHE_LIBS}/evil.so (/etc/apache2/mods-available/evil.so), which is not one of this machine's system libraries", result.Stderr);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Apache_envvars_are_read_never_run()
    {
        RequireSandbox();
        SharedObject.RequireCompiler();
        using var outside = new TempTree();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL001", "bad-apache-gunicorn-port"));
        var library = SharedObject.Build(tree.Path("etc/apache2/evil.so"), outside.Root);
        library.ProveItRuns();
        var touched = Path.Combine(outside.Root, "envvars-ran");
        tree.Write("etc/apache2/envvars", File.ReadAllText(tree.Path("etc/apache2/envvars"))
            + $"touch {touched}\nexport APACHE_LOG_DIR=$(touch {touched})\nexport LD_PRELOAD=/etc/apache2/evil.so\n. /etc/apache2/evil.sh\n");

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.False(File.Exists(touched), "a command of envvars ran");
        Assert.False(File.Exists(library.Marker), "LD_PRELOAD from envvars reached the daemon");
        Assert.DoesNotContain(library.Token, result.Output);
        Assert.Contains("apache2 -t: accepts the fixed configuration", result.Stderr);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void A_php_extension_shipped_in_the_tree_is_never_loaded()
    {
        RequireSandbox();
        SharedObject.RequireCompiler();
        using var outside = new TempTree();
        using var temporary = new TempTree();
        using var tree = NginxAndPoolFixTree();
        var extension = SharedObject.Build(tree.Path("etc/php/8.2/fpm/evil.so"), outside.Root);
        extension.ProveItRuns();
        tree.Write("etc/php/8.2/fpm/php.ini", "[PHP]\nextension = \"/etc/php/8.2/fpm/evil.so\"\n");
        tree.Write("etc/php/8.2/fpm/conf.d/20-evil.ini", "extension_dir=/etc/php/8.2/fpm\nextension=evil\n");

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.False(File.Exists(extension.Marker), "the extension's constructor ran");
        Assert.DoesNotContain(extension.Token, result.Output);
        Assert.Contains("php-fpm8.2 -t: cannot judge:", result.Stderr);
        Assert.Contains("etc/php/8.2/fpm/php.ini:2 loads /etc/php/8.2/fpm/evil.so, which is not one of this machine's PHP extensions", result.Stderr);
        Assert.Contains("etc/php/8.2/fpm/conf.d/20-evil.ini:1 sets extension_dir /etc/php/8.2/fpm", result.Stderr);
        Assert.Contains("nginx -t: accepts the fixed configuration", result.Stderr);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void The_daemons_write_nowhere_the_tree_says_and_read_no_host_file()
    {
        RequireSandbox();
        using var outside = new TempTree();
        using var secret = new TempTree();
        using var temporary = new TempTree();
        var token = "HOST-SECRET-" + Guid.NewGuid().ToString("N")[..10];
        secret.Write("secret.conf", $"{token} {token};\n");
        using var tree = NginxAndPoolFixTree();
        var o = outside.Root;
        var nginx = tree.Path("etc/nginx/nginx.conf");
        File.WriteAllText(nginx, $"error_log {o}/nginx-error.log;\n" + File.ReadAllText(nginx)
            .Replace("http {", $"http {{\n    client_body_temp_path {o}/body;\n    access_log {o}/access.log;\n    include {secret.Path("secret.conf")};\n", StringComparison.Ordinal));
        var fpm = tree.Path("etc/php/8.2/fpm/php-fpm.conf");
        File.WriteAllText(fpm, File.ReadAllText(fpm).Replace("[global]", $"[global]\nerror_log = {o}/fpm.log", StringComparison.Ordinal));

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Root));
        Assert.DoesNotContain(token, result.Output);
        Assert.Contains("nginx -t: rejects the configuration before the fix too", result.Stderr);
        Assert.Contains($"open() \"{secret.Path("secret.conf")}\" failed (2: No such file or directory)", result.Stderr);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Missing_certificates_are_staged_as_throwaway_pairs()
    {
        RequireSandbox();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var site = tree.Path("etc/nginx/sites-enabled/app.conf");
        File.WriteAllText(site, File.ReadAllText(site).Replace("listen 80;", "listen 443 ssl;\n    ssl_certificate /etc/ssl/certs/app.pem;\n    ssl_certificate_key /etc/ssl/private/app.key;\n    ssl_trusted_certificate /etc/ssl/certs/ca.pem;\n    ssl_dhparam /etc/letsencrypt/ssl-dhparams.pem;", StringComparison.Ordinal));
        Assert.Contains("ssl_certificate_key", File.ReadAllText(site));

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.Contains("judged with throwaway self-signed certificates and keys (DH parameters: RFC 7919's ffdhe2048) for what the tree names but does not hold: etc/letsencrypt/ssl-dhparams.pem, etc/ssl/certs/app.pem, etc/ssl/private/app.key, etc/ssl/certs/ca.pem", result.Stderr);
        Assert.Contains("nginx -t: accepts the fixed configuration", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.False(Directory.Exists(tree.Path("etc/ssl")));
        Assert.False(Directory.Exists(tree.Path("etc/letsencrypt")));
    }

    [Fact]
    public void A_fix_no_tool_can_judge_is_written_only_with_best_effort()
    {
        RequireSandbox();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL007", "bad-gunicorn-no-restart"));
        var before = Snapshot(tree);

        var strict = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.Contains("systemd-analyze verify: rejects the configuration before the fix too", strict.Stderr);
        Assert.Contains("no tool could judge the fix of etc/systemd/system/app.service; nothing was written (--verify-best-effort", strict.Stderr);
        Assert.Equal(2, strict.ExitCode);
        Assert.Equal(before, Snapshot(tree));

        var lenient = Fix(temporary.Root, "--verify", "--verify-best-effort", "--root", tree.Root);
        Assert.Contains("written anyway (--verify-best-effort)", lenient.Stderr);
        Assert.Equal(0, lenient.ExitCode);
        Assert.NotEqual(before, Snapshot(tree));
    }

    [Fact]
    public void A_file_whose_name_is_not_utf8_is_not_left_out_of_the_stage()
    {
        // nginx's include glob matches bytes, .NET cannot open such a name: the stage lacked the file, so nginx -t in
        // the sandbox accepted a configuration the real nginx rejects, and the fix was written on that verdict.
        RequireSandbox();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"))
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n");
        Assert.Equal(0, HostTools.Run(tree.Root, "sh", "-c", "printf 'this is not nginx {\\n' > \"$(printf 'etc/nginx/sites-enabled/z\\377.conf')\"").ExitCode);
        var site = tree.Path("etc/nginx/sites-enabled/app.conf");
        var before = File.ReadAllText(site);

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.DoesNotContain("accepts the fixed configuration", result.Stderr);
        Assert.Contains("has a name that is not UTF-8", result.Stderr);
        Assert.Contains("the stage cannot hold it; nothing was checked", result.Stderr);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, File.ReadAllText(site));
    }

    [Theory]
    [InlineData(20, 250)]
    [InlineData(100, 1)]
    public void Folders_nested_too_deep_for_the_stage_end_in_cannot_judge_and_leave_nothing(int levels, int nameLength)
    {
        // Folders of 250-byte names 20 deep: the stage made them by handle, then could not remove them by path (longer
        // than the kernel's 4,096 bytes): an internal error, and both stages left in the temporary folder. Thousands
        // of levels took minutes to stage, each folder made by a walk from the stage's top.
        RequireSandbox();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"))
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n");
        var name = new string('d', nameLength);
        var script = $"cd etc/nginx && i=0 && while [ $i -lt {levels} ]; do mkdir {name} && cd {name} || exit 1; i=$((i+1)); done && echo 'events {{}}' > x.conf";
        var site = tree.Path("etc/nginx/sites-enabled/app.conf");
        var before = File.ReadAllText(site);
        try
        {
            Assert.Equal(0, HostTools.Run(tree.Root, "bash", "-c", script).ExitCode); // dash cannot cd beyond 4,096 bytes
            var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
            Assert.Contains("cannot stage the tree for the real tools: the tree has folders nested deeper than", result.Stderr);
            Assert.Equal(2, result.ExitCode);
            Assert.Equal(before, File.ReadAllText(site));
        }
        finally
        {
            // Deeper than a path the kernel takes: removed by rm, which walks by handle.
            HostTools.Run(tree.Root, "rm", "-rf", tree.Path("etc/nginx/" + name));
        }
    }

    [Fact]
    public void Without_bubblewrap_verify_refuses_and_writes_nothing()
    {
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var before = Snapshot(tree);
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temporary.Root, ["PATH"] = "/nonexistent" };
        var result = ConflintProcess.Run(Repository.Root, Limit, environment, "fix", "--verify", "--root", tree.Root);
        Assert.Contains("--verify cannot run: bubblewrap (bwrap) is not installed", result.Stderr);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, Snapshot(tree));
    }

    [Fact]
    public void Staging_does_not_write_through_a_link_out_of_the_tree()
    {
        RequireSandbox();
        using var outside = new TempTree();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(Repository.Fixture("demo"));
        tree.Link("etc/systemd/system/php8.2-fpm.service.d", outside.Root);

        var result = Fix(temporary.Root, "--verify", "--verify-best-effort", "--unsafe-fixes", "--root", tree.Root);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside.Root));
        Assert.True(File.Exists(tree.Path(outside.Root.TrimStart('/') + "/restart.conf")), result.Stderr);
    }

    [Fact]
    public void A_check_that_hangs_is_stopped_at_its_time_limit()
    {
        RequireSandbox();
        using var fake = new TempTree().Write("nginx", "#!/bin/sh\nsleep 100\n");
        File.SetUnixFileMode(fake.Path("nginx"), (UnixFileMode)0x1ED);
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temporary.Root, ["PATH"] = fake.Root + ":/usr/bin:/bin:/usr/sbin:/sbin" };
        var result = ConflintProcess.Run(Repository.Root, Limit, environment, "fix", "--verify", "--root", tree.Root);
        Assert.False(result.TimedOut);
        Assert.Contains($"nginx -t: did not finish in {Verifier.RunLimit.TotalSeconds:F0} s; stopped; cannot judge", result.Stderr);
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporary.Root));
        Assert.Empty(ProcessesMentioning(fake.Root));
    }

    [Fact]
    public void A_check_that_hangs_is_stopped_with_everything_it_started()
    {
        RequireSandbox();
        // The fake nginx starts a child of its own (named after its folder) before it hangs: when conflint ends, neither runs.
        using var fake = new TempTree().Write("nginx", "#!/bin/sh\nsh -c 'sleep 100; :' \"$0-child\" &\nsh -c 'sleep 100; :' \"$0-child\" </dev/null >/dev/null 2>&1 &\nsleep 100\n");
        File.SetUnixFileMode(fake.Path("nginx"), (UnixFileMode)0x1ED);
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temporary.Root, ["PATH"] = fake.Root + ":/usr/bin:/bin:/usr/sbin:/sbin" };
        var result = ConflintProcess.Run(Repository.Root, Limit, environment, "fix", "--verify", "--root", tree.Root);
        Assert.False(result.TimedOut);
        Assert.Contains("nginx -t: did not finish", result.Stderr);
        Assert.Empty(ProcessesMentioning(fake.Root));
    }

    [Fact]
    public async Task A_check_may_not_start_processes_without_end()
    {
        RequireSandbox();
        // A fork bomb in small: the fake nginx starts 600 processes that wait; inside the sandbox prlimit allows 128.
        // Run as whoever runs the tests (root on CI): root starts the sandbox as a user of its own, whose processes
        // the kernel limits (root's it never does).
        const string Script = "#!/bin/sh\ni=0\nwhile [ $i -lt 600 ]; do\n  sleep 30 &\n  i=$((i+1))\ndone\necho \"started $i\" >&2\nexit 1\n";
        using var fake = new TempTree().Write("nginx", Script);
        File.SetUnixFileMode(fake.Path("nginx"), (UnixFileMode)0x1ED);
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temporary.Root, ["PATH"] = fake.Root + ":/usr/bin:/bin:/usr/sbin:/sbin" };
        var start = ConflintProcess.StartInfo(Repository.Root, ["fix", "--verify", "--root", tree.Root], environment);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(Limit);
        await process.WaitForExitAsync(limit.Token);
        var said = await stderr;
        Assert.Contains("nginx -t:", said);
        Assert.DoesNotContain("started 600", said);
        Assert.Equal(2, process.ExitCode);
    }

    [Fact]
    public void The_verify_budget_starts_at_the_first_daemon_test()
    {
        RequireSandbox();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var loads = new List<ConfLint.Workspace.LoadOptions> { new() { Root = tree.Root } };
        var outcome = ConfLint.Fixing.FixEngine.Run(loads, ConfLint.Configuration.ConfLintConfig.Empty, ConfLint.Linting.RuleSelection.All, unsafeFixes: false);
        Assert.NotEmpty(outcome.Changes);

        var verdict = Verifier.Verify(loads, outcome, CancellationToken.None, new SlowStagingClock());
        Assert.Contains(verdict.Notes, n => n.StartsWith("nginx -t: accepts the fixed configuration", StringComparison.Ordinal));
    }

    /// <summary>A clock by which 16 s pass after its first reading (more than the budget): a verification that read
    /// it before staging found its budget spent by the staging.</summary>
    private sealed class SlowStagingClock : TimeProvider
    {
        private int _readings;

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch + (Interlocked.Increment(ref _readings) == 1 ? TimeSpan.Zero : TimeSpan.FromSeconds(16));
    }

    [Fact]
    public async Task SIGTERM_during_verify_ends_the_sandbox_and_removes_the_stage()
    {
        RequireSandbox();
        using var fake = new TempTree().Write("nginx", "#!/bin/sh\nsleep 100\n");
        File.SetUnixFileMode(fake.Path("nginx"), (UnixFileMode)0x1ED);
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var before = Snapshot(tree);
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temporary.Root, ["PATH"] = fake.Root + ":/usr/bin:/bin:/usr/sbin:/sbin" };
        using var process = Process.Start(ConflintProcess.StartInfo(Repository.Root, ["fix", "--verify", "--root", tree.Root], environment))!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await WaitForTheFakeDaemon(process, fake.Path("nginx"), stderr);
            Assert.NotEmpty(Directory.EnumerateFileSystemEntries(temporary.Root));
            Assert.Equal(0, HostTools.Run(Repository.Root, "kill", "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.Contains("interrupted during --verify", await stderr);
        Assert.Equal(2, process.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temporary.Root));
        Assert.Empty(ProcessesMentioning(fake.Root));
        Assert.Equal(before, Snapshot(tree));
    }

    [Fact]
    public async Task SIGKILL_during_verify_leaves_no_daemon_running()
    {
        RequireSandbox();
        using var fake = new TempTree().Write("nginx", "#!/bin/sh\nsleep 100\n");
        File.SetUnixFileMode(fake.Path("nginx"), (UnixFileMode)0x1ED);
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL005", "bad-server-level-2k"));
        var before = Snapshot(tree);
        var environment = new Dictionary<string, string> { ["TMPDIR"] = temporary.Root, ["PATH"] = fake.Root + ":/usr/bin:/bin:/usr/sbin:/sbin" };
        using var process = Process.Start(ConflintProcess.StartInfo(Repository.Root, ["fix", "--verify", "--root", tree.Root], environment))!;
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await WaitForTheFakeDaemon(process, fake.Path("nginx"), stderr);

            // Let the pool thread that ran the check's start retire if it would: the check must not depend on it.
            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.Equal(0, HostTools.Run(Repository.Root, "kill", "-KILL", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            var waited = Stopwatch.StartNew();
            while (ProcessesMentioning(fake.Root).Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.Empty(ProcessesMentioning(fake.Root));
            Assert.Equal(before, Snapshot(tree));
        }
        finally
        {
            foreach (var pid in ProcessesMentioning(fake.Root))
            {
                HostTools.Run(Repository.Root, "kill", "-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>Processes of this machine whose command line mentions <paramref name="text"/> (the fake daemon's folder).</summary>
    /// <summary>Waits until the fake daemon's own script runs in the sandbox (a process whose command line starts with
    /// the shell and the script's path), seen on two scans in a row; fails with conflint's standard error when it
    /// never does (conflint ended first, or 20 s passed).</summary>
    private static async Task WaitForTheFakeDaemon(Process process, string script, Task<string> stderr)
    {
        var waited = Stopwatch.StartNew();
        var seen = 0;
        while (seen < 2 && waited.Elapsed < TimeSpan.FromSeconds(20) && !process.HasExited)
        {
            seen = ProcessesRunning(script).Count > 0 ? seen + 1 : 0;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        if (seen < 2)
        {
            var said = process.HasExited ? $"conflint ended ({process.ExitCode}) first: {await stderr}" : "not within 20 s";
            Assert.Fail($"the fake daemon {script} never ran: {said}");
        }
    }

    /// <summary>Processes whose command line is a shell running <paramref name="script"/>.</summary>
    private static List<int> ProcessesRunning(string script) =>
        ProcessesMentioning(script).Where(pid => CommandLine(pid) is { } line && line.Split('\0').Take(2).Contains(script)).ToList();

    private static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static List<int> ProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(text, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
