using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Compose's top-level <c>include:</c> (Compose 2.20 and later; compose-go <c>loader/include.go</c>), as wger's
/// <c>docker-compose.yml</c> uses it: each included file is its own Compose model, its relative paths taken from its own
/// folder, and a service it defines may get more settings in the including file (merged, the including file's over it:
/// Docker Compose 5). A restart policy written only in the included file is the service's (no CL007); a file it mounts is
/// read from the included file's folder; an include that is not read, or a fragment with neither image nor build, leaves
/// the service not fully known (silence, with a note). A service under <c>profiles:</c> that no <c>COMPOSE_PROFILES</c>
/// enables is not started by <c>docker compose up</c>: the host's proxy to the port only it publishes gets an info.
/// </summary>
public class ComposeIncludeTests
{
    private const string HostNginx = "events {}\nhttp {\n    server {\n        listen 80;\n        server_name fit.example.org;\n        location / {\n"
        + "            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n}\n";

    /// <summary>The main file's fragment of 'proxy': its published port and depends_on; the rest is in the included file.</summary>
    private const string Main = "services:\n  web:\n    image: docker.io/wger/server:latest\n    expose:\n      - 8000\n    restart: unless-stopped\n"
        + "  proxy:\n    depends_on:\n      - web\n    ports:\n      - \"127.0.0.1:8080:80\"\n\ninclude:\n  - path: ./services/proxy.yaml\n";

    private const string Included = "services:\n  proxy:\n    image: docker.io/nginx:stable\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf\n"
        + "    restart: unless-stopped\n";

    private const string StackNginx = "upstream app {\n    server web:8000;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n    }\n}\n";

    private static TempTree Tree(string main = Main, string? included = Included)
    {
        var tree = new TempTree()
            .Write("etc/nginx/nginx.conf", HostNginx)
            .Write("opt/wger/docker-compose.yml", main)
            .Write("opt/wger/services/nginx/default.conf", StackNginx);
        return included is null ? tree : tree.Write("opt/wger/services/proxy.yaml", included);
    }

    private static CliRunner.Output Lint(TempTree tree, string select = "CL004,CL007,CL019") => CliRunner.Run("lint", "--root", tree.Root, "--select", select, "--verbose");

    /// <summary>wger's false CL007: the restart policy is in the included file, the main file's fragment has none.</summary>
    [Fact]
    public void A_restart_policy_in_the_included_file_is_the_services()
    {
        using var tree = Tree();
        var output = Lint(tree, "CL007");
        Assert.DoesNotContain("warning CL007", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("opt/wger/services/proxy.yaml: brought in by include: of opt/wger/docker-compose.yml:14, read as a Compose model of its own: its relative paths from opt/wger/services", output.Stderr, StringComparison.Ordinal);
        Assert.Contains("service 'proxy' is defined in opt/wger/services/proxy.yaml, which include: brings in, and given settings here too", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The included file's policy is what the merge keeps unless the including file writes one: 'no' there wins.</summary>
    [Fact]
    public void The_including_files_restart_policy_wins_over_the_included_one()
    {
        using var tree = Tree(Main.Replace("    depends_on:\n", "    restart: \"no\"\n    depends_on:\n", StringComparison.Ordinal));
        var output = Lint(tree, "CL007");
        Assert.Contains("opt/wger/docker-compose.yml:8:14: warning CL007", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("Compose service 'proxy', which proxy_pass http://127.0.0.1:8080 reaches through its published port 8080, has restart: no", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>The included file's relative bind mount is taken from its own folder: services/nginx/default.conf is read as
    /// the stack's nginx (its upstream's name resolved once: CL004).</summary>
    [Fact]
    public void A_relative_bind_mount_of_an_included_file_is_taken_from_its_folder()
    {
        using var tree = Tree();
        var output = Lint(tree, "CL004");
        Assert.Contains("opt/wger/services/nginx/default.conf:2:12: warning CL004 upstream 'app' server 'web:8000'", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Control: the same mount written relative to the project folder (a file that is not there) reads nothing.</summary>
    [Fact]
    public void The_mount_is_not_taken_from_the_including_projects_folder()
    {
        using var tree = Tree(included: Included.Replace("./nginx/default.conf", "./other/default.conf", StringComparison.Ordinal))
            .Write("opt/wger/other/default.conf", StackNginx);
        var output = Lint(tree, "CL004");
        Assert.DoesNotContain("warning CL004", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>An include whose file leaves the root (a link out of it) is not read: the fragment's service is not fully
    /// known, so no CL007, and a note says why.</summary>
    [Fact]
    public void An_include_leaving_the_root_leaves_the_service_unjudged()
    {
        using var outside = new TempTree().Write("proxy.yaml", Included);
        using var tree = Tree(included: null).Link("opt/wger/services/proxy.yaml", Path.Combine(outside.Root, "proxy.yaml"));
        var output = Lint(tree, "CL007");
        Assert.DoesNotContain("warning CL007", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("opt/wger/docker-compose.yml:14: include: names opt/wger/services/proxy.yaml, which is not read (missing, outside --root, or a secret path)", output.Stderr, StringComparison.Ordinal);
        Assert.Contains("CL007 did not judge service 'proxy''s restart policy", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Control: a fragment with neither image nor build and no include (its definition is elsewhere, in a file
    /// ConfLint is not shown) stays silent on CL007, with a note.</summary>
    [Fact]
    public void A_fragment_without_image_or_build_is_not_judged()
    {
        using var tree = Tree(Main[..Main.IndexOf("\ninclude:", StringComparison.Ordinal)] + "\n", included: null);
        var output = Lint(tree, "CL007");
        Assert.DoesNotContain("warning CL007", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("service 'proxy' has neither image nor build in the files read (its definition is elsewhere)", output.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Control: a whole service without a restart policy, defined in the main file, is judged as before.</summary>
    [Fact]
    public void A_whole_service_without_a_restart_policy_is_still_reported()
    {
        var whole = Main.Replace("    depends_on:\n", "    image: docker.io/nginx:stable\n    depends_on:\n", StringComparison.Ordinal);
        using var tree = Tree(whole[..whole.IndexOf("\ninclude:", StringComparison.Ordinal)] + "\n", included: null);
        var output = Lint(tree, "CL007");
        Assert.Contains("warning CL007 [*] Compose service 'proxy', which proxy_pass http://127.0.0.1:8080 reaches through its published port 8080, has no restart policy", output.Stdout, StringComparison.Ordinal);
    }

    private const string Flower = "services:\n  flower:\n    image: docker.io/wger/server:latest\n    command: /start-flower\n    profiles: [monitoring]\n"
        + "    ports:\n      - \"127.0.0.1:8080:5555\"\n    restart: unless-stopped\n";

    /// <summary>The host's proxy to a port only a service under a profile publishes, which no COMPOSE_PROFILES enables: info.</summary>
    [Fact]
    public void A_port_only_a_disabled_profiles_service_publishes_gets_an_info()
    {
        using var tree = Tree(Flower, included: null);
        var output = Lint(tree, "CL019");
        Assert.Contains("etc/nginx/nginx.conf:7:24: info CL019 proxy_pass http://127.0.0.1:8080 connects to 127.0.0.1:8080 on the host, which only service 'flower' publishes, and it has profiles: [monitoring]", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("unless the project is started with --profile monitoring (not seen here)", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("Enable the profile: COMPOSE_PROFILES=monitoring in the project's .env", output.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Control: the profile enabled through the project's .env: the service runs as before (no CL019).</summary>
    [Theory]
    [InlineData("COMPOSE_PROFILES=monitoring\n")]
    [InlineData("COMPOSE_PROFILES=web,monitoring\n")]
    [InlineData("COMPOSE_PROFILES=*\n")]
    public void A_profile_enabled_in_dot_env_runs_as_before(string env)
    {
        using var tree = Tree(Flower, included: null).Write("opt/wger/.env", env);
        var output = Lint(tree, "CL019");
        Assert.DoesNotContain("CL019 proxy_pass", output.Stdout, StringComparison.Ordinal);
    }
}
