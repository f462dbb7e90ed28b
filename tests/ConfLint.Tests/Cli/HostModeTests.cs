using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Cli;

/// <summary>
/// The contract's PATH rule: a file inside a server tree is linted with its whole host, the findings reported are
/// those in the named files, and the same tree gives the same findings however it is named.
/// </summary>
public class HostModeTests
{
    /// <summary>Each finding as (code, path below the tree, line, column), from a JSON report whose paths start with <paramref name="prefix"/>.</summary>
    private static List<string> Findings(CliRunner.Output output, string prefix)
    {
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d =>
            {
                var path = d.GetProperty("path").GetString()!;
                Assert.StartsWith(prefix, path);
                return $"{d.GetProperty("code").GetString()} {path[prefix.Length..]}:{d.GetProperty("line").GetInt32()}:{d.GetProperty("column").GetInt32()}";
            })
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void The_same_tree_gives_the_same_findings_however_it_is_named()
    {
        using var repo = new TempTree();
        Directory.CreateDirectory(repo.Path(".git"));
        repo.CopyFrom(Repository.Fixture("demo"));
        var every = Directory.EnumerateFiles(repo.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/.git", StringComparison.Ordinal) && !f.EndsWith(".conflint.yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(repo.Root, f))
            .ToArray();

        var byRoot = Findings(CliRunner.RunIn(repo.Root, "lint", "--root", ".", "--format", "json"), string.Empty);
        Assert.Equal(9, byRoot.Count);
        Assert.Equal(byRoot, Findings(CliRunner.RunIn(repo.Root, "lint", "--format", "json"), string.Empty));
        Assert.Equal(byRoot, Findings(CliRunner.RunIn(repo.Root, ["lint", "--format", "json", .. every]), string.Empty));
        Assert.Equal(byRoot, Findings(CliRunner.RunIn(repo.Path("etc/nginx"), ["lint", "--format", "json", .. every.Select(f => "../../" + f)]), "../../"));

        // From above the tree (a repository holding it in a folder): the paths gain the folder, the findings stay.
        using var outer = new TempTree();
        Directory.CreateDirectory(outer.Path(".git"));
        new TempTreeView(outer.Root).CopyFrom(Repository.Fixture("demo"), "hosts/web1");
        Assert.Equal(byRoot, Findings(CliRunner.RunIn(outer.Root, "lint", "hosts/web1", "--format", "json"), "hosts/web1/"));
        Assert.Equal(byRoot, Findings(CliRunner.RunIn(outer.Root, ["lint", "--format", "json", .. every.Select(f => "hosts/web1/" + f)]), "hosts/web1/"));
        Assert.Equal(byRoot, Findings(CliRunner.RunIn(outer.Root, "lint", "--root", "hosts/web1", "--format", "json"), string.Empty));
    }

    [Fact]
    public void A_named_folder_whose_configuration_the_host_does_not_read_says_so()
    {
        using var repo = new TempTree();
        Directory.CreateDirectory(repo.Path(".git"));
        repo.CopyFrom(Repository.Fixture("demo"))
            .Write("opt/custom/nginx/conf/site.conf", "server {\n    listen 8080;\n    location / {\n        proxy_pass http://127.0.0.1:9999;\n    }\n}\n")
            .Write("opt/custom/nginx/conf/README", "kept aside\n");
        var output = CliRunner.RunIn(repo.Root, "lint", "opt/custom/nginx/conf", "--verbose");
        Assert.True(output.ExitCode is 0 or 1, output.Stderr);
        Assert.Contains("opt/custom/nginx/conf: not linted, configuration no daemon of this host reads (nothing the host starts includes it): opt/custom/nginx/conf/site.conf;", output.Stderr + output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("conf/README", output.Stderr + output.Stdout, StringComparison.Ordinal);

        // A folder the host reads all of says nothing of the kind.
        var read = CliRunner.RunIn(repo.Root, "lint", "etc/nginx", "--verbose");
        Assert.DoesNotContain("not linted, configuration no daemon", read.Stderr + read.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_named_file_reports_its_cross_file_findings_and_only_those()
    {
        using var repo = new TempTree();
        Directory.CreateDirectory(repo.Path(".git"));
        repo.CopyFrom(Repository.Fixture("demo"));

        // The pool file alone: CL003 needs nginx's worker user from nginx.conf and the site's fastcgi_pass.
        var pool = CliRunner.RunIn(repo.Root, "lint", "etc/php/8.2/fpm/pool.d/blog.conf", "--format", "json");
        Assert.Equal(["CL003 etc/php/8.2/fpm/pool.d/blog.conf:6:10"], Findings(pool, string.Empty));

        // Two named files: the findings in both, nothing from the rest of the host.
        var two = CliRunner.RunIn(repo.Root, "lint", "etc/nginx/sites-enabled/shop.conf", "etc/php/8.2/fpm/pool.d/blog.conf", "--format", "json");
        Assert.Equal(["CL001 etc/nginx/sites-enabled/shop.conf:16:22", "CL003 etc/php/8.2/fpm/pool.d/blog.conf:6:10", "CL006 etc/nginx/sites-enabled/shop.conf:17:30"], Findings(two, string.Empty));

        // A named folder inside the tree: the findings below it.
        var folder = Findings(CliRunner.RunIn(repo.Root, "lint", "etc/php", "--format", "json"), string.Empty);
        Assert.Equal(["CL003 etc/php/8.2/fpm/pool.d/blog.conf:6:10"], folder);
    }

    [Fact]
    public void Settings_are_found_in_parent_folders_up_to_the_repository_top_and_no_higher()
    {
        using var outer = new TempTree();
        outer.Write(".conflint.yml", "rules:\n  CL003: off\n");
        var repo = outer.Path("repo");
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        new TempTreeView(repo).CopyFrom(Repository.Fixture("demo"), "hosts/web1");
        File.Delete(Path.Combine(repo, "hosts/web1/.conflint.yml"));
        var file = "hosts/web1/etc/php/8.2/fpm/pool.d/blog.conf";

        // The settings above the repository's top are not the repository's: CL003 is reported.
        var outside = CliRunner.RunIn(repo, "lint", file, "--format", "json");
        Assert.Equal(["CL003 hosts/web1/etc/php/8.2/fpm/pool.d/blog.conf:6:10"], Findings(outside, string.Empty));

        // At the repository's top they are read, for a file named from anywhere below.
        File.Copy(outer.Path(".conflint.yml"), Path.Combine(repo, ".conflint.yml"));
        Assert.Empty(Findings(CliRunner.RunIn(repo, "lint", file, "--format", "json"), string.Empty));
        Assert.Empty(Findings(CliRunner.RunIn(Path.Combine(repo, "hosts/web1/etc"), "lint", "php/8.2/fpm/pool.d/blog.conf", "--format", "json"), string.Empty));

        // The nearest wins: the host's own settings turn CL003 back on.
        File.WriteAllText(Path.Combine(repo, "hosts/web1/.conflint.yml"), "rules:\n  CL003: error\n");
        Assert.Single(Findings(CliRunner.RunIn(repo, "lint", file, "--format", "json"), string.Empty));
    }

    [Fact]
    public void Outside_a_repository_the_search_stops_at_the_current_folder()
    {
        using var outer = new TempTree();
        outer.Write(".conflint.yml", "rules:\n  CL003: off\n");
        var work = outer.Path("work");
        new TempTreeView(work).CopyFrom(Repository.Fixture("demo"), "web1");
        File.Delete(Path.Combine(work, "web1/.conflint.yml"));
        var output = CliRunner.RunIn(work, "lint", "web1/etc/php/8.2/fpm/pool.d/blog.conf", "--format", "json");
        Assert.Equal(["CL003 web1/etc/php/8.2/fpm/pool.d/blog.conf:6:10"], Findings(output, string.Empty));
    }

    /// <summary>A folder treated as a tree to copy fixtures into.</summary>
    private sealed class TempTreeView(string root)
    {
        public void CopyFrom(string source, string relative)
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(root, relative, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
