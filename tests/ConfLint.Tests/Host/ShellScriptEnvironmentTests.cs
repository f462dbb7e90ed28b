using ConfLint.Host.Systemd;

namespace ConfLint.Tests.Host;

/// <summary>The environment a <c>sh -c</c> script's last command runs with, as the commands before it change the unit's
/// (<see cref="ShellScript.EnvironmentOf"/>): what is certain is a value, what may or may not happen is unknown.</summary>
public class ShellScriptEnvironmentTests
{
    private static ScriptEnvironment Before(string script, bool complete = true, params string[] given)
    {
        var commands = ShellScript.Parse(script);
        var environment = given.ToDictionary(g => g[..g.IndexOf('=')], g => g[(g.IndexOf('=') + 1)..], StringComparer.Ordinal);
        return ShellScript.EnvironmentOf(commands, commands.Count - 1, environment, complete);
    }

    private static string? Value(ScriptEnvironment environment, string name) =>
        environment.AllUnknown || environment.Unknown.Contains(name) ? "?" : environment.Variables.GetValueOrDefault(name);

    [Theory]
    [InlineData("[ -n \"$P\" ] && export PORT=$P; exec app", "8000", "PORT=8000")]
    [InlineData("[ -n \"$P\" ] && export PORT=$P; exec app", "9000", "PORT=8000", "P=9000")]
    [InlineData("[ -z \"$P\" ] || export PORT=$P\nexec app", "9000", "PORT=8000", "P=9000")]
    [InlineData("[ -z \"$P\" ] || export PORT=$P\nexec app", "8000", "PORT=8000")]
    [InlineData("test ! -n \"$P\" && PORT=1 ; exec app", "1", "PORT=8000")]
    [InlineData("set -e; PORT=${P:-7000} exec app", "7000")]
    [InlineData("PORT=7001; exec app", null)]
    [InlineData("PORT=7001; export PORT; exec app", "7001")]
    [InlineData("PORT=7002; exec app", "7002", "PORT=8000")]
    [InlineData("export PORT=8001; unset PORT; exec app", null)]
    [InlineData("export PORT=8001 | cat; exec app", "8000", "PORT=8000")]
    [InlineData("true &&\n export PORT=8002\nexec app", "8002")]
    [InlineData("cd /srv && export PORT=8003; exec app", "?")]
    [InlineData("export PORT='$P'; exec app", "?", "P=1")]
    [InlineData("set -a; . /etc/default/app; exec app", "?")]
    [InlineData("if [ -n \"$P\" ]; then export PORT=$P; fi; exec app", "?")]
    public void The_last_command_runs_with(string script, string? port, params string[] given)
    {
        Assert.Equal(port, Value(Before(script, true, given), "PORT"));
    }

    [Fact]
    public void An_unset_variable_is_empty_only_where_the_environment_is_complete()
    {
        const string script = "[ -n \"$P\" ] && export PORT=$P; exec app";
        Assert.Equal("8000", Value(Before(script, true, "PORT=8000"), "PORT"));
        Assert.Equal("?", Value(Before(script, false, "PORT=8000"), "PORT"));
    }

    [Fact]
    public void Commands_drop_leading_assignments_and_keep_their_order()
    {
        Assert.Equal([["cd", "/srv"], ["exec", "granian", "app"]], ShellScript.Commands("A=1; cd /srv && PORT=1 exec granian app"));
        Assert.Equal([null, ";", "&&"], ShellScript.Parse("A=1; cd /srv && PORT=1 exec granian app").Select(c => c.Operator));
    }
}
