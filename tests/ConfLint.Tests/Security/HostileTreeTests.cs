using ConfLint.Tests.Support;
using ConfLint.Workspace;

namespace ConfLint.Tests.Security;

/// <summary>
/// Hostile configuration trees, built here, end in a report or a diagnostic: never a crash, a hang or a read
/// outside the root. Each run that could hang is its own process with a hard time limit; a file outside the tree
/// holds a known token that must never show up in the output.
/// </summary>
public class HostileTreeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private static ConflintProcess.Result Lint(string workingDirectory, params string[] args)
    {
        var result = ConflintProcess.Run(workingDirectory, Limit, ["lint", .. args]);
        Assert.False(result.TimedOut, $"conflint {string.Join(' ', args)} did not finish in {Limit.TotalSeconds} s");
        Assert.DoesNotContain("internal error", result.Output);
        return result;
    }

    /// <summary>A file outside every tree, in the syntax of a config that fails to parse: read, its token would be quoted.</summary>
    private sealed class HostSecret : IDisposable
    {
        private readonly TempTree _folder = new();

        public HostSecret()
        {
            Token = "HOST-SECRET-" + Guid.NewGuid().ToString("N")[..10];
            _folder.Write("secret.conf", $"secret_directive {Token}\n");
            _folder.Write("nginx/nginx.conf", $"{Token} {{\n");
        }

        public string Token { get; }

        public string File => _folder.Path("secret.conf");

        public string Folder => _folder.Root;

        public void Dispose() => _folder.Dispose();
    }

    [Theory]
    [InlineData("etc/nginx/nginx.conf", "events {}\nhttp {\n    include \"/etc/nginx/a\0b.conf\";\n}\n", 3)]
    [InlineData("etc/apache2/apache2.conf", "ServerRoot /etc/apache2\nListen 80\nInclude \"conf.d/a\0b.conf\"\n", 3)]
    public void A_nul_in_an_include_path_is_CL000_on_its_line(string path, string text, int line)
    {
        using var tree = new TempTree().Write(path, text).Write("etc/nginx/a", "events {}\n").Write("etc/apache2/conf.d/a", "Listen 81\n");
        var result = Lint(Repository.Root, "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{path}:{line}:", result.Output);
        Assert.Contains("holds a NUL", result.Output);
    }

    [Fact]
    public void Links_to_dot_in_a_folder_Apache_includes_end_in_the_recursion_Apache_refuses()
    {
        using var tree = new TempTree()
            .Write("etc/apache2/apache2.conf", "ServerRoot /etc/apache2\nInclude conf.d/\n")
            .Write("etc/apache2/conf.d/ports.conf", "Listen 80\n")
            .Link("etc/apache2/conf.d/loop1", ".")
            .Link("etc/apache2/conf.d/loop2", ".");
        var result = Lint(Repository.Root, "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("etc/apache2/apache2.conf:2:", result.Output);
        Assert.Contains("contains itself through a link", result.Output);
    }

    [Fact]
    public void Links_to_dot_and_to_a_parent_in_a_linted_folder_are_walked_once()
    {
        using var tree = new TempTree()
            .Write("repo/nginx/nginx.conf", "events {}\n")
            .Write("repo/nginx/conf.d/gzip.conf", "gzip on;\n")
            .Link("repo/nginx/loop1", ".")
            .Link("repo/nginx/loop2", ".")
            .Link("repo/nginx/conf.d/up", "..");
        var result = Lint(tree.Root, "repo");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("in 2 files", result.Output);
    }

    [Fact]
    public void A_glob_built_to_backtrack_finishes()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 15)) + "*b";
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{ include /etc/nginx/conf.d/{pattern}; }}\n")
            .Write("etc/nginx/conf.d/" + new string('a', 40), "gzip on;\n");
        var result = Lint(Repository.Root, "--root", tree.Root);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void An_include_cycle_through_two_globs_is_reported_once()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp { include a/*.conf; }\n");
        for (var i = 0; i < 50; i++)
        {
            tree.Write($"etc/nginx/a/{i:D2}.conf", "include /etc/nginx/b/*.conf;\n").Write($"etc/nginx/b/{i:D2}.conf", "include /etc/nginx/a/*.conf;\n");
        }

        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var cycle = Assert.Single(workspace.Diagnostics);
        Assert.StartsWith("include cycle: etc/nginx/a/00.conf -> etc/nginx/b/00.conf -> etc/nginx/a/00.conf; the cycle is not followed (100 files include one another here;", cycle.Message);
        Assert.Equal(101, workspace.Files.Count);
        Assert.All(workspace.Includes.Where(s => s.From.DisplayPath.Contains("/b/", StringComparison.Ordinal)), s => Assert.True(s.ClosesCycle));
    }

    [Fact]
    public void A_long_chain_of_includes_is_one_cycle_told_in_short()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "include c/0;\n");
        for (var i = 0; i < 2000; i++)
        {
            tree.Write($"etc/nginx/c/{i}", i == 1999 ? "include c/0;\n" : $"include c/{i + 1};\n");
        }

        var workspace = WorkspaceLoader.Load(new LoadOptions { Root = tree.Root });
        var cycle = Assert.Single(workspace.Diagnostics);
        Assert.StartsWith("include cycle: etc/nginx/c/0 -> etc/nginx/c/1 -> etc/nginx/c/2 -> etc/nginx/c/3 -> (1993 more) -> etc/nginx/c/1997", cycle.Message);
        Assert.EndsWith("(2000 files include one another here; 1 include closes the cycle, none is followed)", cycle.Message);
    }

    [Fact]
    public void A_fifo_named_by_an_include_is_not_opened()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/pipe.conf;\n}\n");
        Assert.Equal(0, HostTools.Run(tree.Root, "mkfifo", tree.Path("etc/nginx/pipe.conf")).ExitCode);
        var result = Lint(Repository.Root, "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("etc/nginx/nginx.conf:3:", result.Output);
        Assert.Contains("not a regular file", result.Output);
    }

    [Fact]
    public void A_huge_sparse_file_is_not_read()
    {
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/huge.conf;\n}\n");
        using (var huge = File.Create(tree.Path("etc/nginx/huge.conf")))
        {
            huge.SetLength(1L << 40);
        }

        var result = Lint(Repository.Root, "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("etc/nginx/huge.conf:1:1: error CL000 cannot read: it is larger than 64 MiB", result.Output);
    }

    [Fact]
    public void Links_and_includes_that_lead_out_of_the_root_read_nothing_there()
    {
        using var secret = new HostSecret();
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{\n    include conf.d/*.conf;\n    include {secret.File};\n}}\n")
            .Link("etc/nginx/conf.d/climbs.conf", "../../../../../../../../../../.." + secret.File)
            .Link("etc/nginx/conf.d/absolute.conf", secret.File)
            .Link("etc/nginx/sites", secret.Folder);
        var relative = Path.GetRelativePath(tree.Path("etc/nginx/conf.d"), secret.File);
        tree.Link("etc/nginx/conf.d/relative.conf", relative);
        var result = Lint(Repository.Root, "--root", tree.Root, "--verbose");
        Assert.DoesNotContain(secret.Token, result.Output);
        Assert.Contains("names a file that does not exist", result.Output);
    }

    [Fact]
    public void Path_mode_does_not_follow_links_out_of_the_working_folder()
    {
        using var secret = new HostSecret();
        using var repo = new TempTree()
            .Write("nginx/nginx.conf", "events {}\nhttp { include conf.d/*.conf; }\n")
            .Link("nginx/conf.d/evil.conf", secret.File)
            .Link("nginx/evil.conf", secret.File)
            .Link("nginx/sites", Path.Combine(secret.Folder, "nginx"));
        var walked = Lint(repo.Root, ".", "--verbose");
        Assert.DoesNotContain(secret.Token, walked.Output);
        Assert.Contains("leads outside", walked.Output);

        var named = Lint(repo.Root, "nginx/evil.conf");
        Assert.DoesNotContain(secret.Token, named.Output);
        Assert.Equal(1, named.ExitCode);
    }

    [Fact]
    public void Settings_that_come_with_the_tree_cannot_name_folders_outside_it()
    {
        using var secret = new HostSecret();
        using var repo = new TempTree()
            .Write(".conflint.yml", $"hosts:\n  web1: [{secret.Folder}/**]\n  web2: [../../../../../../..{secret.Folder}/nginx]\n")
            .Write("web1/etc/nginx/nginx.conf", "events {}\n");
        var result = Lint(repo.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lies outside", result.Output);
        Assert.DoesNotContain(secret.Token, result.Output);
    }

    [Fact]
    public void Password_hashes_and_keys_are_never_read_as_configuration()
    {
        var token = "SHADOW-" + Guid.NewGuid().ToString("N")[..10];
        using var tree = new TempTree()
            .Write("etc/shadow", $"root:{token}:19000:0:99999:7:::\n")
            .Write("etc/ssh/ssh_host_ed25519_key", $"{token}\n")
            .Write("root/.bash_history", $"{token}\n")
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/shadow;\n    include /etc/ssh/*key;\n    include /root/.bash_history;\n}\n");
        var result = Lint(Repository.Root, "--root", tree.Root);
        Assert.DoesNotContain(token, result.Output);
        Assert.Contains("etc/shadow:1:1: error CL000 cannot read: /etc/shadow holds secrets (password hashes, keys) or is the kernel's", result.Output);
        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("-----BEGIN PRIVATE KEY-----\n{0}\n-----END PRIVATE KEY-----\n")]
    [InlineData("Bag Attributes\n    localKeyID: 01\n-----BEGIN RSA PRIVATE KEY-----\n{0}\n-----END RSA PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN EC PRIVATE KEY-----\n{0}\n-----END EC PRIVATE KEY-----\n")]
    public void A_key_an_include_names_is_not_quoted(string pem)
    {
        // On a live root, a deploy user's site file could include /etc/ssl/private/site.key: its syntax error quoted the key.
        var secret = "MC4CAQAwBQYDK2VwBCIEI" + Guid.NewGuid().ToString("N");
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/ssl/private/site.key;\n}\n")
            .Write("etc/ssl/private/site.key", string.Format(System.Globalization.CultureInfo.InvariantCulture, pem, secret));
        var result = Lint(Repository.Root, "--root", tree.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("etc/ssl/private/site.key", result.Output);
        Assert.Contains("is a PEM key or certificate", result.Output);
        Assert.DoesNotContain(secret[..24], result.Output);
    }

    [Fact]
    public void Settings_that_are_a_link_or_a_fifo_are_not_read()
    {
        using var secret = new HostSecret();
        using var linked = new TempTree().Link(".conflint.yml", secret.File).Write("etc/nginx/nginx.conf", "events {}\n");
        var viaLink = Lint(Repository.Root, "--root", linked.Root);
        Assert.Equal(2, viaLink.ExitCode);
        Assert.DoesNotContain(secret.Token, viaLink.Output);

        using var piped = new TempTree().Write("etc/nginx/nginx.conf", "events {}\n");
        Assert.Equal(0, HostTools.Run(piped.Root, "mkfifo", piped.Path(".conflint.yml")).ExitCode);
        var viaFifo = Lint(Repository.Root, "--root", piped.Root);
        Assert.Equal(2, viaFifo.ExitCode);
        Assert.Contains("not a regular file", viaFifo.Output);
    }

    [Fact]
    public void A_path_outside_the_root_is_a_usage_error()
    {
        using var secret = new HostSecret();
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\n");
        var result = CliRunner.Run("lint", "--root", tree.Root, Path.Combine(secret.Folder, "nginx/nginx.conf"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lies outside --root", result.Stderr);
        Assert.DoesNotContain(secret.Token, result.Stdout + result.Stderr);
    }

    [Fact]
    public void An_included_file_whose_name_is_not_utf8_is_reported_not_skipped()
    {
        // nginx's glob matches bytes; .NET decodes such a name to U+FFFD and cannot open it again by that name: the file
        // nginx reads was silently left out, so a tree could hide its directives from the lint.
        using var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n")
            .Write("etc/nginx/conf.d/ok.conf", "server { listen 80; }\n");
        Assert.Equal(0, HostTools.Run(tree.Root, "sh", "-c", "printf 'server { listen 80; location / { proxy_pass http://nowhere; } }\\n' > \"$(printf 'etc/nginx/conf.d/z\\377.conf')\"").ExitCode);
        Assert.Equal(2, Directory.EnumerateFiles(tree.Path("etc/nginx/conf.d")).Count());
        var result = Lint(Repository.Root, "--root", tree.Root, "--color", "never");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("etc/nginx/nginx.conf:3:", result.Stdout);
        Assert.Contains("has a name that is not UTF-8", result.Stdout);
    }

    [Fact]
    public void A_hard_link_to_a_file_outside_the_tree_is_not_read()
    {
        // A hard link is a second name of one file: an archive or a hand can make etc/nginx/conf.d/x.conf a name of a
        // file of this machine, and its first words were quoted in a syntax error.
        using var secret = new HostSecret();
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n");
        Directory.CreateDirectory(tree.Path("etc/nginx/conf.d"));
        Assert.Equal(0, HostTools.Run(tree.Root, "ln", Path.Combine(secret.Folder, "nginx/nginx.conf"), tree.Path("etc/nginx/conf.d/x.conf")).ExitCode);

        Assert.DoesNotContain(secret.Token, Lint(tree.Root, "etc/nginx/nginx.conf").Output);
        foreach (var result in new[] { Lint(Repository.Root, "--root", tree.Root), Lint(tree.Root, "--format", "json") })
        {
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("etc/nginx/conf.d/x.conf", result.Output);
            Assert.Contains("hard links", result.Output);
            Assert.DoesNotContain(secret.Token, result.Output);
        }
    }

    [Fact]
    public void Settings_above_the_root_are_not_read_outside_a_repository()
    {
        // From a parent folder (a CI job's workspace, /, /tmp), --root is the top of the search outside a repository.
        using var outer = new TempTree().Write(".conflint.yml", "rules:\n  CL999: off\n").Write("tree/etc/nginx/nginx.conf", "events {}\n");
        var result = Lint(outer.Root, "--root", "tree");
        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("CL999", result.Output);

        // Its own settings are read.
        outer.Write("tree/.conflint.yml", "rules:\n  CL998: off\n");
        Assert.Contains("unknown rule 'CL998'", Lint(outer.Root, "--root", "tree").Output);
    }

    [Fact]
    public void Settings_and_a_repository_in_a_folder_anyone_may_write_are_not_the_trees()
    {
        // /tmp: anyone may plant .conflint.yml and .git there, making it the "repository top" of every tree below it.
        using var outer = new TempTree();
        var shared = outer.Path("shared");
        Directory.CreateDirectory(shared);
        Assert.Equal(0, HostTools.Run(outer.Root, "chmod", "1777", shared).ExitCode);
        outer.Write("shared/.conflint.yml", "rules:\n  CL999: off\n").Write("shared/tree/etc/nginx/nginx.conf", "events {}\n");
        Directory.CreateDirectory(outer.Path("shared/.git"));
        var tree = outer.Path("shared/tree");

        foreach (var result in new[]
        {
            Lint("/", "--root", tree), Lint("/", Path.Combine(tree, "etc/nginx/nginx.conf")), Lint(shared, "tree/etc/nginx/nginx.conf"),
            Lint(Path.Combine(tree, "etc"), "nginx/nginx.conf"), Lint(tree, "--root", "."),
        })
        {
            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain("CL999", result.Output);
        }
    }

    [Fact]
    public void From_the_top_folder_or_a_shared_one_the_named_paths_bound_the_reads()
    {
        // A job started in / (a container's default WORKDIR) or /tmp that names the checkout: the current folder held
        // every PATH, so it was the boundary, and the tree's links were followed anywhere on the machine.
        using var secret = new HostSecret();
        using var outer = new TempTree();
        var shared = outer.Path("shared");
        Directory.CreateDirectory(shared);
        Assert.Equal(0, HostTools.Run(outer.Root, "chmod", "1777", shared).ExitCode);
        outer.Write("shared/tree/site/app.conf", "server { listen 80; }\n").Link("shared/tree/conf.d", Path.Combine(secret.Folder, "nginx"));
        var tree = outer.Path("shared/tree");

        foreach (var result in new[] { Lint("/", tree), Lint("/", "--verbose", tree + "/"), Lint(shared, "tree") })
        {
            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain(secret.Token, result.Output);
        }

        Assert.Contains("leads outside the linted folder", Lint("/", "--verbose", tree).Output);
    }

    [Fact]
    public void From_the_top_folder_a_file_outside_every_tree_is_not_linted_as_part_of_this_machine()
    {
        // The search for the tree a PATH lies in climbed to / (which holds etc/nginx on a machine with nginx), and the
        // checkout's file was linted with this machine as its root: its includes read there.
        using var secret = new HostSecret();
        using var tree = new TempTree().Write("sites/site.conf", $"server {{\n    listen 80;\n    include {secret.Folder}/nginx/nginx.conf;\n}}\n");
        var result = Lint("/", "--verbose", "--format", "json", tree.Path("sites/site.conf"));
        Assert.DoesNotContain(secret.Token, result.Output);
        Assert.DoesNotContain("\"root\": \"/\"", result.Output);
        Assert.DoesNotContain("usr/lib/systemd", result.Output);
    }

    [Fact]
    public void No_reader_reads_the_kernels_files_a_unit_names()
    {
        // EnvironmentFile=/proc/self/environ: on a live root, ConfLint's own environment (a CI job's tokens) chose the
        // files it linted and the values its messages quote. Here the tree's own proc/ stands for the kernel's.
        using var tree = new TempTree()
            .Write("etc/systemd/system/haproxy.service", "[Service]\nEnvironmentFile=/proc/self/environ\nExecStart=/usr/sbin/haproxy -Ws -f ${CFG}\n")
            .Write("proc/1234/environ", "CFG=/etc/haproxy/chosen.cfg\n")
            .Link("proc/self", "1234")
            .Write("etc/haproxy/haproxy.cfg", "global\n    daemon\n")
            .Write("etc/haproxy/chosen.cfg", "global\n    daemon\nfrontend f\n    bind :80\n    chosen_by_the_environment 1\n");
        var result = Lint(Repository.Root, "--root", tree.Root, "--verbose");
        Assert.DoesNotContain("chosen_by_the_environment", result.Output);
        Assert.DoesNotContain("chosen.cfg", result.Output);
    }
}
