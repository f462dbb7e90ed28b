using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>What CL018 says it did not judge, under <c>--verbose</c>.</summary>
public class CL018NotesTests
{
    [Fact]
    public void A_connector_of_a_tomcat_whose_release_is_unknown_is_left_with_the_reason()
    {
        // A Tomcat under /opt with no package in dpkg's status and no RELEASE-NOTES: whether its AJP connector requires a
        // secret depends on the release (9.0.31 made it the default), so CL018 says so rather than judge.
        using var tree = new TempTree().Write("opt/tomcat/conf/server.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <Server port="8005" shutdown="SHUTDOWN">
              <Service name="Catalina">
                <Connector protocol="AJP/1.3" address="127.0.0.1" port="8009" redirectPort="8443" />
                <Engine name="Catalina" defaultHost="localhost"><Host name="localhost" appBase="webapps" /></Engine>
              </Service>
            </Server>
            """);
        var output = CliRunner.Run("lint", "--root", tree.Root, "--select", "CL018", "--verbose");
        Assert.Equal(0, output.ExitCode);
        var note = Assert.Single(output.Stderr.Split('\n'), l => l.Contains("CL018 did not judge", StringComparison.Ordinal));
        Assert.EndsWith("which is unknown (neither dpkg's status nor a RELEASE-NOTES file under the root names it)", note);
    }
}
