using System.Text;
using ConfLint.Fixing;
using ConfLint.Reporting;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Fixes;

/// <summary>The diff keeps what it shows exact: CRLF, a missing final newline, whitespace-only changes, new files.</summary>
public class UnifiedDiffTests
{
    private static FileChange Change(string path, string? original, string updated) =>
        new("/" + path, "/tmp/unused/" + path, path, original, updated, new UTF8Encoding(false));

    [Fact]
    public void Crlf_lines_stay_crlf_and_a_whitespace_change_shows()
    {
        var diff = UnifiedDiff.Write([Change("etc/x.conf", "a;\r\nb;\r\nc;\r\n", "a;\r\nb ;\r\nc;\r\n")]);
        Assert.Contains("-b;\r\n+b ;\r\n", diff);
        Assert.Contains("@@ -1,3 +1,3 @@\n", diff);
    }

    [Fact]
    public void A_missing_final_newline_is_marked()
    {
        var diff = UnifiedDiff.Write([Change("etc/x.conf", "a;\nb;", "a;\nb;\nc;")]);
        Assert.Contains("-b;\n\\ No newline at end of file\n+b;\n+c;\n\\ No newline at end of file\n", diff);
    }

    [Fact]
    public void A_new_file_comes_from_dev_null()
    {
        var diff = UnifiedDiff.Write([Change("etc/systemd/system/x.service.d/restart.conf", null, "[Service]\nRestart=on-failure\n")]);
        Assert.Equal("# fixes \n--- /dev/null\n+++ b/etc/systemd/system/x.service.d/restart.conf\n@@ -0,0 +1,2 @@\n+[Service]\n+Restart=on-failure\n", diff);
    }

    [Fact]
    public void Distant_changes_are_separate_sections_numbered_as_the_earlier_ones_leave_the_file()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $"line{i};\n").ToList();
        var original = string.Concat(lines);
        lines.Insert(2, "inserted;\n");
        lines[25] = "changed;\n";
        var diff = UnifiedDiff.Write([Change("etc/x.conf", original, string.Concat(lines))]);
        Assert.Equal(2, diff.Split("--- a/etc/x.conf\n").Length - 1);
        Assert.Contains("@@ -1,5 +1,6 @@\n", diff);
        Assert.Contains("@@ -23,7 +23,7 @@\n", diff);

        if (HostTools.Exists("patch"))
        {
            using var tree = new TempTree().Write("etc/x.conf", original).Write("fix.patch", diff);
            Assert.Equal(0, HostTools.Run(tree.Root, "patch", "-p1", "-i", "fix.patch").ExitCode);
            Assert.Equal(string.Concat(lines), tree.Read("etc/x.conf"));
        }
    }
}
