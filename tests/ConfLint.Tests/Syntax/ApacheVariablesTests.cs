using ConfLint.Syntax.Apache;

namespace ConfLint.Tests.Syntax;

public class ApacheVariablesTests
{
    private const string DebianEnvvars = """
        # envvars - default environment variables for apache2ctl

        # this won't be correct after changing uid
        unset HOME

        # for supporting multiple apache2 instances
        if [ "${APACHE_CONFDIR##/etc/apache2-}" != "${APACHE_CONFDIR}" ] ; then
        	SUFFIX="-${APACHE_CONFDIR##/etc/apache2-}"
        else
        	SUFFIX=
        fi

        export APACHE_RUN_USER=www-data
        export APACHE_RUN_GROUP=www-data
        export APACHE_PID_FILE=/var/run/apache2$SUFFIX/apache2.pid
        export APACHE_RUN_DIR=/var/run/apache2$SUFFIX
        export APACHE_LOCK_DIR=/var/lock/apache2$SUFFIX
        export APACHE_LOG_DIR=/var/log/apache2$SUFFIX

        export LANG=C
        #. /etc/default/locale

        export LANG

        #export APACHE_LYNX='www-browser -dump'
        """;

    [Fact]
    public void Debian_envvars_gives_the_exported_assignments_with_an_empty_suffix()
    {
        var variables = ApacheVariables.ReadEnvvars(DebianEnvvars);
        Assert.Equal("www-data", variables["APACHE_RUN_USER"]);
        Assert.Equal("/var/run/apache2/apache2.pid", variables["APACHE_PID_FILE"]);
        Assert.Equal("/var/log/apache2", variables["APACHE_LOG_DIR"]);
        Assert.Equal("C", variables["LANG"]);
        Assert.False(variables.ContainsKey("SUFFIX"));
        Assert.False(variables.ContainsKey("APACHE_LYNX"));
        Assert.Equal(7, variables.Count);
    }

    [Fact]
    public void Default_assignments_set_only_what_is_unset_and_count_once_exported()
    {
        const string text = """
            : ${APACHE_RUN_USER:=www-data}
            : ${APACHE_RUN_DIR:=/var/run/apache2$SUFFIX}
            : ${APACHE_LOCK_DIR=/var/lock/apache2}
            export APACHE_RUN_USER APACHE_RUN_DIR
            """;
        var variables = ApacheVariables.ReadEnvvars(text, new Dictionary<string, string> { ["APACHE_RUN_USER"] = "web" });
        Assert.Equal("web", variables["APACHE_RUN_USER"]);
        Assert.Equal("/var/run/apache2", variables["APACHE_RUN_DIR"]);
        Assert.False(variables.ContainsKey("APACHE_LOCK_DIR"));
    }

    [Fact]
    public void Quotes_escapes_and_expansions_follow_the_shell()
    {
        const string text = """
            export A='single $NOT' B="double ${A}" C=plain\ word D=${UNSET:-fallback} E="${A:+x}"
            F=1; export F
            export G=$(hostname) H=`date`
            export I="unclosed
            unset J
            export K=${J}-x # comment
            """;
        var variables = ApacheVariables.ReadEnvvars(text, new Dictionary<string, string> { ["J"] = "gone" });
        Assert.Equal("single $NOT", variables["A"]);
        Assert.Equal("double single $NOT", variables["B"]);
        Assert.Equal("plain word", variables["C"]);
        Assert.Equal("fallback", variables["D"]);
        Assert.False(variables.ContainsKey("E"));
        Assert.Equal("1", variables["F"]);
        Assert.False(variables.ContainsKey("G"));
        Assert.False(variables.ContainsKey("H"));
        Assert.False(variables.ContainsKey("I"));
        Assert.False(variables.ContainsKey("J"));
        Assert.Equal("-x", variables["K"]);
    }

    [Fact]
    public void The_environment_passes_through_unless_unset()
    {
        var variables = ApacheVariables.ReadEnvvars("unset HOME\n", new Dictionary<string, string> { ["HOME"] = "/root", ["PATH"] = "/bin" });
        Assert.Equal(["PATH"], variables.Keys);
    }

    [Fact]
    public void The_real_envvars_reads_the_run_user_and_log_dir()
    {
        const string path = "/etc/apache2/envvars";
        Assert.SkipUnless(File.Exists(path), "no Debian apache2 on this machine");
        var variables = ApacheVariables.ReadEnvvars(File.ReadAllText(path));
        Assert.False(string.IsNullOrEmpty(variables["APACHE_RUN_USER"]));
        Assert.StartsWith("/", variables["APACHE_LOG_DIR"]);
        Assert.DoesNotContain("$", variables["APACHE_PID_FILE"]);
    }

    [Theory]
    [InlineData("${APACHE_LOG_DIR}/error.log", "/var/log/apache2/error.log")]
    [InlineData("${UNKNOWN}/x", "${UNKNOWN}/x")]
    [InlineData("$APACHE_LOG_DIR/x", "$APACHE_LOG_DIR/x")]
    [InlineData("${ROOT}${ROOT}", "/srv/srv")]
    [InlineData("${LOOP}", "${ROOT}")]
    [InlineData("a ${unclosed", "a ${unclosed")]
    [InlineData("no variables", "no variables")]
    [InlineData("${}", "${}")]
    public void Expand_replaces_known_variables_once_and_leaves_the_rest(string value, string expected)
    {
        var variables = new Dictionary<string, string>
        {
            ["APACHE_LOG_DIR"] = "/var/log/apache2",
            ["ROOT"] = "/srv",
            ["LOOP"] = "${ROOT}",
        };
        Assert.Equal(expected, ApacheVariables.Expand(value, variables));
    }
}
