using System.IO.Compression;
using System.Xml.Linq;
using ConfLint.Tests.Support;

namespace ConfLint.Tests.Packaging;

/// <summary>
/// `dotnet pack src/ConfLint.Cli` gives the .NET tool `conflint`, which installs from the packed folder alone (no
/// other package source: it depends on nothing unpublished) into a local tool manifest, and runs.
/// </summary>
public class ToolPackageTests
{
    [Fact]
    [Trait("Category", "Slow")]
    public void The_packed_tool_installs_from_its_folder_alone_and_lints()
    {
        using var work = new TempTree();
        var packages = work.Path("packages");
        var pack = SlowProcess.Run(Repository.Root, null, "dotnet", "pack", "src/ConfLint.Cli", "-c", "Release", "-o", packages, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.Output);

        var package = Assert.Single(Directory.GetFiles(packages, "*.nupkg"));
        using (var zip = ZipFile.OpenRead(package))
        {
            using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
            var nuspec = XDocument.Load(stream);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("conflint", metadata.Element(ns + "id")!.Value);
            Assert.Equal("DotnetTool", metadata.Element(ns + "packageTypes")!.Element(ns + "packageType")!.Attribute("name")!.Value);
            Assert.Null(metadata.Element(ns + "dependencies"));
            Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/ConfLint.Core.dll");
            Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/DotnetToolSettings.xml");
        }

        // The packed folder is the only source: nothing else may be needed.
        var project = work.Path("project");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n");
        Assert.Equal(0, SlowProcess.Run(project, null, "dotnet", "new", "tool-manifest").ExitCode);
        var install = SlowProcess.Run(project, null, "dotnet", "tool", "install", "conflint", "--add-source", packages);
        Assert.True(install.ExitCode == 0, install.Output);

        var version = SlowProcess.Run(project, null, "dotnet", "tool", "run", "conflint", "--", "--version");
        Assert.True(version.ExitCode == 0, version.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+\s*$", version.Output);

        var lint = SlowProcess.Run(project, null, "dotnet", "tool", "run", "conflint", "--", "lint", "--root", Repository.Fixture("demo"), "--statistics");
        Assert.Equal(1, lint.ExitCode);
        Assert.Contains("Found 9 problems", lint.Output);
    }
}
