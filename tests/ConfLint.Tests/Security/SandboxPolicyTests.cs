using ConfLint.Io;
using ConfLint.Tests.Rules;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Security;

/// <summary>
/// <c>fix --verify</c>'s module policy against spellings the daemons read and a plain text search does not: an Apache
/// directive named by a <c>Define</c>d variable or a macro's parameter or split by a line continuation, a HAProxy keyword made of an
/// environment variable <c>setenv</c> sets, PHP INI lines that end in a carriage return alone. The tree's code prints a
/// token when it runs; in the sandbox that token would reach the verdict, so its absence proves the code never ran.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SandboxPolicyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(40);

    private static void Require(params string[] tools)
    {
        if (Verifier.CanStage && tools.All(HostTools.Exists))
        {
            return;
        }

        Assert.False(Repository.IsCI, $"CI must have bubblewrap and {string.Join(", ", tools)} installed");
        Assert.Skip($"needs bubblewrap and {string.Join(", ", tools)}");
    }

    private static ConflintProcess.Result Fix(string temporary, params string[] args)
    {
        var result = ConflintProcess.Run(Repository.Root, Limit, new Dictionary<string, string> { ["TMPDIR"] = temporary }, ["fix", .. args]);
        Assert.False(result.TimedOut, $"conflint fix did not finish in {Limit.TotalSeconds} s:\n{result.Output}");
        Assert.DoesNotContain("internal error", result.Output);
        return result;
    }

    [Theory]
    [InlineData("Define X LoadModule\n${X} evil_module /etc/apache2/evil.so\n", "evil.load:2: the directive ${X} is named by a variable")]
    [InlineData("Define X Load\nDefine Y Module\n${X}${Y} evil_module /etc/apache2/evil.so\n", "evil.load:3: the directive ${X}${Y} is named by a variable")]
    [InlineData("Load\\\nModule evil_module /etc/apache2/evil.so\n", "evil.load:1 loads /etc/apache2/evil.so, which is not one of this machine's Apache modules")]
    [InlineData("LoadModule macro_module /usr/lib/apache2/modules/mod_macro.so\n<Macro M X>\nXModule evil_module /etc/apache2/evil.so\n</Macro>\nUse M Load\n", "evil.load:3: the directive XModule of macro M is named by a parameter")]
    public void An_apache_module_named_in_a_roundabout_way_is_never_loaded(string load, string refusal)
    {
        Require("apache2", "gcc");
        using var outside = new TempTree();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL001", "bad-apache-gunicorn-port"));
        var module = SharedObject.Build(tree.Path("etc/apache2/evil.so"), outside.Root);
        module.ProveItRuns();
        tree.Write("etc/apache2/mods-enabled/evil.load", load);

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.False(File.Exists(module.Marker), "the module's constructor ran outside the sandbox");
        Assert.DoesNotContain(module.Token, result.Output);
        Assert.Contains("apache2 -t: cannot judge: etc/apache2/mods-enabled/" + refusal, result.Stderr);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void A_haproxy_keyword_made_of_an_environment_variable_loads_no_lua()
    {
        Require("haproxy");
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL001", "bad-haproxy-server-port"));
        var token = "LUA-RAN-" + Guid.NewGuid().ToString("N")[..8];
        tree.Write("etc/haproxy/evil.lua", $"error(\"{token}\")\n");
        var config = tree.Path("etc/haproxy/haproxy.cfg");
        var text = File.ReadAllText(config);
        Assert.Contains("\tdaemon\n", text);
        File.WriteAllText(config, text.Replace("\tdaemon\n", "\tdaemon\n\tsetenv K lua-load\n\t\"${K}\" /etc/haproxy/evil.lua\n", StringComparison.Ordinal));

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.DoesNotContain(token, result.Output);
        Assert.Contains("haproxy -c: cannot judge: etc/haproxy/haproxy.cfg:10: the keyword '${K}' is made of an environment variable", result.Stderr);
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void A_php_extension_on_a_line_ended_by_a_carriage_return_is_never_loaded()
    {
        Require("php-fpm8.2", "gcc");
        using var outside = new TempTree();
        using var temporary = new TempTree();
        using var tree = new TempTree().CopyFrom(RuleFixtures.Folder("CL003", "bad-site-user-pool"));
        var extension = SharedObject.Build(tree.Path("etc/php/8.2/fpm/evil.so"), outside.Root);
        extension.ProveItRuns();
        tree.Write("etc/php/8.2/fpm/php.ini", "[PHP]\rmemory_limit = 64M\rextension = /etc/php/8.2/fpm/evil.so\r");

        var result = Fix(temporary.Root, "--verify", "--root", tree.Root);
        Assert.False(File.Exists(extension.Marker), "the extension's constructor ran outside the sandbox");
        Assert.DoesNotContain(extension.Token, result.Output);
        Assert.Contains("php-fpm8.2 -t: cannot judge: etc/php/8.2/fpm/php.ini:3 loads /etc/php/8.2/fpm/evil.so", result.Stderr);
        Assert.Equal(2, result.ExitCode);
    }
}
