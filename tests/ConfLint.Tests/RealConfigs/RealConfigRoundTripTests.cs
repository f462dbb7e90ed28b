using ConfLint.Syntax;
using ConfLint.Tests.Support;
using ConfLint.Text;
using ConfLint.Workspace;

namespace ConfLint.Tests.RealConfigs;

/// <summary>
/// Every configuration file that Debian's nginx-full, apache2, php8.2-fpm, systemd, haproxy and tomcat10 packages install parses
/// without CL000 and prints back byte for byte (Tomlyn's main test, done on real configs). Where a folder is
/// absent the test skips and says why; under CI (CI=true), where .ci/run installs the packages, it must not.
/// </summary>
public class RealConfigRoundTripTests(ITestOutputHelper output)
{
    public static TheoryData<string> Folders() =>
        ["/etc/nginx", "/etc/apache2", "/etc/php/8.2/fpm", "/lib/systemd/system", "/etc/systemd/system", "/etc/haproxy", "/usr/share/doc/haproxy/examples", "/etc/tomcat10"];

    [Theory]
    [MemberData(nameof(Folders))]
    public void Every_real_config_parses_and_round_trips(string folder)
    {
        if (!Directory.Exists(folder))
        {
            Assert.False(Repository.IsCI, $"{folder} is missing under CI: .ci/run must install nginx-full, apache2, php8.2-fpm, systemd, haproxy and tomcat10");
            Assert.Skip($"{folder} is not on this machine (install nginx-full, apache2, php8.2-fpm, systemd, haproxy and tomcat10 to run this test)");
        }

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget == "/dev/null" || KindDetector.Detect(path) is not { } kind)
            {
                continue;
            }

            var real = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
            if (!seen.Add(real) || !File.Exists(real))
            {
                continue;
            }

            var bytes = File.ReadAllBytes(real);
            var result = ConfigParser.Parse(SourceText.FromBytes(path, bytes), kind);
            if (!result.Success)
            {
                failures.Add(result.Error!.ToString());
            }
            else if (!result.Tree!.ToBytes().AsSpan().SequenceEqual(bytes))
            {
                failures.Add($"{path}: printing the tree does not give back the file");
            }

            counts[kind.Name()] = counts.GetValueOrDefault(kind.Name()) + 1;
        }

        output.WriteLine($"{folder}: " + string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}")));
        Assert.Empty(failures);
        Assert.NotEmpty(counts);
    }
}
