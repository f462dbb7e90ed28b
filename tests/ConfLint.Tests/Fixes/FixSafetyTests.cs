using System.Text.Json;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Fixes;

/// <summary>
/// Fixes that once took a working site down, or changed what it serves, in the shapes of real deployments
/// (fixtures/fix-safety, whose README says where each came from): the harmful edit is no longer made, and the same tree
/// without the fact that makes it harmful still gets its fix (so each test can fail).
/// </summary>
public class FixSafetyTests
{
    private static string Tree(string name) => Path.Combine(Repository.Root, "fixtures", "fix-safety", name);

    /// <summary>The fix of each finding of <paramref name="code"/>: its applicability and description.</summary>
    private static List<(string Applicability, string Description)> Fixes(string path, string code, params string[] args)
    {
        var output = CliRunner.Run(["lint", .. args, path, "--format", "json", "--exit-zero", "--select", code]);
        Assert.True(output.ExitCode == 0, output.Stderr);
        using var json = JsonDocument.Parse(output.Stdout);
        return json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Where(d => d.GetProperty("fix").ValueKind == JsonValueKind.Object)
            .Select(d => (d.GetProperty("fix").GetProperty("applicability").GetString()!, d.GetProperty("fix").GetProperty("description").GetString()!))
            .ToList();
    }

    /// <summary>Docker's embedded DNS (127.0.0.11) answers only on user-defined networks: a Compose service with
    /// <c>network_mode: host</c> uses the host's resolv.conf, so a written <c>resolver 127.0.0.11</c> fails every request.</summary>
    [Fact]
    public void A_compose_service_on_the_host_network_gets_no_docker_resolver()
    {
        var fixes = Fixes(Tree("compose-host-network"), "CL004");
        var fix = Assert.Single(fixes);
        Assert.Equal("display-only", fix.Applicability);
        Assert.DoesNotContain("127.0.0.11", fix.Description, StringComparison.Ordinal);
        var dry = CliRunner.Run("fix", "--dry-run", "--unsafe-fixes", Tree("compose-host-network"));
        Assert.Equal("", dry.Stdout);

        using var tree = new TempTree().CopyFrom(Tree("compose-host-network"));
        File.WriteAllText(tree.Path("docker-compose.yml"), File.ReadAllText(tree.Path("docker-compose.yml")).Replace("    network_mode: host\n", "", StringComparison.Ordinal));
        var onProjectNetwork = Assert.Single(Fixes(tree.Root, "CL004"));
        Assert.Equal("unsafe", onProjectNetwork.Applicability);
        Assert.Contains("resolver 127.0.0.11", onProjectNetwork.Description, StringComparison.Ordinal);
    }

    /// <summary>Two sites, one gunicorn that neither reaches: the blog's server name names the unit (a safe fix), the shop's
    /// port may be served by something ConfLint does not read. The shop's fix pointed it at the blog's gunicorn.</summary>
    [Fact]
    public void A_guess_never_points_a_second_application_at_a_back_end_another_address_is_meant_for()
    {
        var output = CliRunner.Run("fix", "--dry-run", "--unsafe-fixes", "--root", Tree("two-apps-one-gunicorn"));
        Assert.Contains("+++ b/etc/nginx/sites-enabled/blog", output.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("+++ b/etc/nginx/sites-enabled/shop", output.Stdout, StringComparison.Ordinal);
        Assert.Equal(["safe"], Fixes(Tree("two-apps-one-gunicorn"), "CL001", "--root").Select(f => f.Applicability));

        // Without the blog's site, the gunicorn is nobody else's: the shop's guess is still only advice, since nothing
        // ties it to the shop and its port may be served by a program ConfLint does not read.
        using var tree = new TempTree().CopyFrom(Tree("two-apps-one-gunicorn"));
        File.Delete(tree.Path("etc/nginx/sites-enabled/blog"));
        var alone = Assert.Single(Fixes(tree.Root, "CL001", "--root"));
        Assert.Equal("display-only", alone.Applicability);
        Assert.Contains("127.0.0.1:8001", alone.Description, StringComparison.Ordinal);
    }
}
