using System.Security.Cryptography;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Rules;

/// <summary>
/// Tomcat's own check of every server.xml the fixtures hold, as written (good) and after <c>conflint fix</c> (bad):
/// <c>catalina.sh configtest</c> of Debian's tomcat10 with a CATALINA_BASE in a temporary folder (the package's other
/// conf files beside the fixture's server.xml). A JVM start takes seconds, so each distinct server.xml is checked
/// once. Note that configtest accepts a connector that requires a secret and has none: CL018 is what finds that.
/// </summary>
[Trait("Category", "Slow")]
public class TomcatConfigtestTests
{
    private const string Catalina = "/usr/share/tomcat10/bin/catalina.sh";

    [Fact]
    public void Every_fixture_server_xml_passes_tomcats_configtest()
    {
        if (!File.Exists(Catalina) || !Directory.Exists("/etc/tomcat10"))
        {
            Assert.False(Repository.IsCI, "CI must install tomcat10");
            Assert.Skip("needs Debian's tomcat10");
        }

        var checkedXml = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (code, name) in RuleFixtures.All().Where(c => File.Exists(Path.Combine(RuleFixtures.Folder(c.Code, c.Case), "etc/tomcat10/server.xml"))))
        {
            using var tree = new TempTree().CopyFrom(RuleFixtures.Folder(code, name));
            if (name.StartsWith("bad-", StringComparison.Ordinal) && RuleFixtures.NoFix(code, name) is null)
            {
                var fix = CliRunner.Run("fix", "--root", tree.Root, "--select", code);
                Assert.True(fix.ExitCode == 0, $"{code}/{name}: {fix.Stderr}");
            }

            var xml = File.ReadAllBytes(tree.Path("etc/tomcat10/server.xml"));
            if (!checkedXml.Add(Convert.ToHexString(SHA256.HashData(xml))))
            {
                continue;
            }

            using var catalinaBase = new TempTree();
            foreach (var file in Directory.EnumerateFiles("/etc/tomcat10").Where(f => f.EndsWith(".xml", StringComparison.Ordinal) || f.EndsWith(".properties", StringComparison.Ordinal)))
            {
                catalinaBase.Write("conf/" + Path.GetFileName(file), File.ReadAllText(file));
            }

            catalinaBase.Write("conf/server.xml", System.Text.Encoding.UTF8.GetString(xml));
            foreach (var folder in new[] { "logs", "temp", "webapps", "work" })
            {
                Directory.CreateDirectory(catalinaBase.Path(folder));
            }

            var (exit, output) = HostTools.Run(catalinaBase.Root, "env", "CATALINA_BASE=" + catalinaBase.Root, "CATALINA_HOME=/usr/share/tomcat10", Catalina, "configtest");
            Assert.True(exit == 0 && !output.Contains("SEVERE", StringComparison.Ordinal), $"configtest refuses {code}/{name}'s server.xml:\n{output}");
        }

        Assert.True(checkedXml.Count >= 3, $"only {checkedXml.Count} distinct server.xml checked");
    }
}
