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
    /// <summary>Where the old inline reader and <see cref="ShellSyntax"/> read a script differently, the reading of POSIX
    /// "Shell Command Language" is kept: <c>${NAME:=word}</c> assigns and its operand is expanded (2.6.2), a redirection
    /// is no word and its <c>&amp;</c> no control operator (2.7), <c>!</c> inverts the status (2.9.2), <c>$(...)</c> is one
    /// expansion (2.6.3), and an operand of <c>export</c> is split at <c>=</c> after quote removal.</summary>
    [Theory]
    [InlineData(": ${PORT:=8006}; export PORT; exec app", "8006")]
    [InlineData(": ${PORT:=8006}; export PORT; exec app", "8000", "PORT=8000")]
    [InlineData("[ -f /etc/app/port ] && : ${PORT:=8006}; export PORT; exec app", "?")]
    [InlineData("export PORT=${P:-$Q}; exec app", "8008", "Q=8008")]
    [InlineData("export PORT=${P:+$Q}; exec app", "", "P=1")]
    [InlineData("export PORT=8007 >/dev/null 2>&1; exec app", "8007")]
    [InlineData("! [ -n \"$P\" ] && export PORT=8009; exec app", "8009")]
    [InlineData("! [ -n \"$P\" ] && export PORT=8009; exec app", "8000", "PORT=8000", "P=1")]
    [InlineData("export A=$(cat /etc/a) PORT=8011; exec app", "8011")]
    [InlineData("export \"PORT=8010\"; exec app", "8010")]
    [InlineData("PORT+=1; export PORT; exec app", "?", "PORT=8000")]
    public void Where_the_readers_differed_the_posix_reading_is_kept(string script, string? port, params string[] given)
    {
        Assert.Equal(port, Value(Before(script, true, given), "PORT"));
    }

    [Fact]
    public void Commands_leave_redirections_out_keep_expansions_as_written_and_see_into_compound_commands()
    {
        Assert.Equal([["cd", "/srv"], ["exec", "granian", "app"]], ShellScript.Commands("cd /srv 2>/dev/null && exec granian app >>/var/log/app.log 2>&1"));
        Assert.Equal([["exec", "granian", "--port", "$PORT", "${HOST:-::}", "$(cat /etc/app/uds)"]], ShellScript.Commands("exec granian --port \"$PORT\" ${HOST:-::} $(cat /etc/app/uds) # listens"));
        Assert.Equal([["[", "-x", "/srv/run", "]"], ["exec", "granian", "app"]], ShellScript.Commands("if [ -x /srv/run ]; then exec granian app; fi"));
    }

    /// <summary>One reading of a shell's options serves the inline script (<c>-c</c>) and the script file: the first
    /// operand after them, past <c>-o NAME</c> and bash's long options.</summary>
    [Theory]
    [InlineData("-c|exec app", 1, true)]
    [InlineData("-lc|exec app|name", 1, true)]
    [InlineData("--norc|-o|pipefail|-c|exec app", 4, true)]
    [InlineData("-e|/srv/run.sh|start", 1, false)]
    [InlineData("--rcfile|/etc/rc|--|/srv/run.sh", 3, false)]
    [InlineData("-s|start", -1, false)]
    [InlineData("-c", -1, true)]
    public void The_script_of_a_shell_command_line_is_its_first_operand(string arguments, int index, bool inline)
    {
        Assert.Equal((index, inline), ShellScript.ScriptOperand(arguments.Split('|')));
    }

    [Fact]
    public void A_script_the_shell_rejects_has_no_commands()
    {
        Assert.Empty(ShellScript.Commands("exec granian \"app"));
        Assert.Empty(ShellScript.Commands("if true; then exec granian app"));
    }
}
