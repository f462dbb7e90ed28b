using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// A checkout whose links lead out of it (a pull request may add <c>hosts/evil -&gt; /</c>): the settings file, a
/// folder named on the command line, a glob's expansion, a <c>hosts:</c> group and the search for a server tree never
/// read through them. A file outside holds a known token that must show up in no output format; the errors name the
/// file or link of the tree.
/// </summary>
public class HostileLinkTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Formats => ["text", "json", "sarif", "github", "gitlab", "junit"];

    private static ConflintProcess.Result Lint(string workingDirectory, params string[] args)
    {
        var result = ConflintProcess.Run(workingDirectory, Limit, ["lint", .. args]);
        Assert.False(result.TimedOut, $"conflint {string.Join(' ', args)} did not finish in {Limit.TotalSeconds} s");
        Assert.DoesNotContain("internal error", result.Output);
        return result;
    }

    /// <summary>Outside the checkout: a server tree whose nginx.conf does not parse (read, its token is quoted), a
    /// settings file whose unknown key is the token (read, the error names it), and a repository marker.</summary>
    private sealed class Outside : IDisposable
    {
        private readonly TempTree _folder = new();

        public Outside()
        {
            Token = "OUTSIDE-" + Guid.NewGuid().ToString("N")[..10];
            _folder.Write("etc/nginx/nginx.conf", $"events {{}}\nhttp {{ {Token} {{{{\n");
            _folder.Write("shadow", $"{Token}: 1\n");
            _folder.Write(".conflint.yml", $"{Token}: 1\n");
            _folder.Write(".git/HEAD", "ref: refs/heads/main\n");
        }

        public string Token { get; }

        public string Root => _folder.Root;

        public void Dispose() => _folder.Dispose();
    }

    private static TempTree Checkout(Outside outside) => new TempTree()
        .Write(".git/HEAD", "ref: refs/heads/main\n")
        .Write("hosts/web1/etc/nginx/nginx.conf", "events {}\nhttp { server { listen 80; } }\n")
        .Link("hosts/evil", outside.Root)
        .Link("hosts/chain", "evil")
        .Link("hosts/web2", "../hosts/chain/etc/..");

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_settings_file_that_is_a_link_out_of_the_root_is_an_error_naming_it(string format)
    {
        using var outside = new Outside();
        using var tree = new TempTree().Write("etc/nginx/nginx.conf", "events {}\n").Link(".conflint.yml", Path.Combine(outside.Root, "shadow"));
        var rooted = Lint(Repository.Root, "--root", tree.Root, "--format", format);
        Assert.Equal(2, rooted.ExitCode);
        Assert.Contains(tree.Path(".conflint.yml") + ": cannot read the configuration: it is a symbolic link", rooted.Stderr);
        Assert.DoesNotContain(outside.Token, rooted.Output);

        var named = Lint(tree.Root, "etc/nginx/nginx.conf", "--format", format);
        Assert.Equal(2, named.ExitCode);
        Assert.Contains(".conflint.yml: cannot read the configuration: it is a symbolic link", named.Stderr);
        Assert.DoesNotContain(outside.Token, named.Output);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Paths_through_a_folder_link_or_a_chain_of_links_read_nothing_outside(string format)
    {
        using var outside = new Outside();
        using var repo = Checkout(outside);
        // What a CI job's glob (hosts/*/etc/nginx/nginx.conf) expands to, and the folders themselves.
        foreach (var path in new[] { "hosts/evil/etc/nginx/nginx.conf", "hosts/chain/etc/nginx/nginx.conf", "hosts/web2/etc/nginx", "hosts/evil/", "hosts/chain" })
        {
            var result = Lint(repo.Root, "--format", format, "--verbose", "--", path);
            Assert.DoesNotContain(outside.Token, result.Output);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("a link that dangles or leads outside", result.Output);
        }

        var all = Lint(repo.Root, "--format", format, "--verbose", "--", "hosts/web1/etc/nginx/nginx.conf", "hosts/evil/etc/nginx/nginx.conf");
        Assert.DoesNotContain(outside.Token, all.Output);
        Assert.Contains("hosts/evil", all.Output);
    }

    [Fact]
    public void The_text_error_names_the_link_a_path_lies_behind()
    {
        using var outside = new Outside();
        using var repo = Checkout(outside);
        var result = Lint(repo.Root, "hosts/chain/etc/nginx/nginx.conf");
        Assert.Contains("hosts/chain/etc/nginx/nginx.conf:1:1: error CL000 cannot read: it lies behind hosts/chain, a link that dangles or leads outside", result.Output);
    }

    [Fact]
    public void A_settings_file_behind_a_folder_link_is_not_read()
    {
        using var outside = new Outside();
        using var repo = Checkout(outside);
        // Outside holds a .conflint.yml (and a .git) that the search from hosts/evil/etc/nginx would find by path.
        var result = Lint(repo.Root, "--", "hosts/evil/etc/nginx/nginx.conf");
        Assert.DoesNotContain(outside.Token, result.Output);
        Assert.DoesNotContain("cannot read the configuration", result.Output);
        Assert.Equal(1, result.ExitCode);
    }

    [Theory]
    [InlineData("hosts/evil")]
    [InlineData("hosts/chain")]
    [InlineData("hosts/web2/")]
    public void A_hosts_group_that_names_a_folder_link_is_refused(string folder)
    {
        using var outside = new Outside();
        using var repo = Checkout(outside).Write(".conflint.yml", $"hosts:\n  web1: [hosts/web1]\n  evil: [{folder}]\n");
        var result = Lint(repo.Root);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"hosts: evil: {folder} is a symbolic link to a folder or lies behind one", result.Stderr);
        Assert.DoesNotContain(outside.Token, result.Output);
    }

    [Fact]
    public void A_hosts_glob_through_a_folder_link_matches_nothing_outside()
    {
        using var outside = new Outside();
        using var repo = Checkout(outside).Write(".conflint.yml", "hosts:\n  evil: [hosts/*/etc/nginx/*.conf]\n");
        var result = Lint(repo.Root, "--format", "json");
        Assert.DoesNotContain(outside.Token, result.Output);
        Assert.Contains("hosts/web1/etc/nginx/nginx.conf", Lint(repo.Root, "--verbose").Output + result.Output);
    }

    [Fact]
    public void A_link_that_stays_in_the_checkout_still_leads_to_its_folder()
    {
        using var outside = new Outside();
        using var repo = Checkout(outside)
            .Write("hosts/web1/etc/nginx/nginx.conf", "events {}\nhttp { server { listen 80; location / { proxy_pass http://127.0.0.1:9000; proxy_buffer_size 1k; } } }\n")
            .Link("hosts/prod", "web1");
        var linted = Lint(repo.Root, "--", "hosts/prod/etc/nginx/nginx.conf");
        Assert.Equal(1, linted.ExitCode);
        Assert.Contains("warning CL005", linted.Output);

        repo.Write("hosts/web1/.conflint.yml", "rules:\n  CL005: off\n");
        var quiet = Lint(repo.Root, "--", "hosts/prod/etc/nginx/nginx.conf");
        Assert.Equal(0, quiet.ExitCode);
        Assert.DoesNotContain("CL005", quiet.Output);

        var hosts = Lint(repo.Write(".conflint.yml", "hosts:\n  prod: [hosts/prod]\n").Root);
        Assert.DoesNotContain("symbolic link", hosts.Output);
        Assert.DoesNotContain(outside.Token, hosts.Output);
    }
}
