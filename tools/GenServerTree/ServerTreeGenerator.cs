using System.Text;

namespace ConfLint.Tools.GenServerTree;

/// <summary>
/// Makes the files of a hosting box's server root: nginx in front of PHP-FPM pools and systemd-run apps,
/// every nginx backend pointing at a generated pool socket or app port. The same options give the same
/// bytes on every run and machine (fixed seed, no timestamps, LF only, culture-free numbers).
/// </summary>
public static class ServerTreeGenerator
{
    /// <summary>Written at the top of the output folder so that a rerun may replace what an earlier run made.</summary>
    public const string MarkerFile = ".gen-server-tree";

    private static readonly string[] GeneratedFolders = ["etc/nginx", "etc/php", "etc/systemd", "lib/systemd"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The files in a fixed order, paths relative to the root with forward slashes.</summary>
    public static IEnumerable<GeneratedFile> Generate(GeneratorOptions options)
    {
        var plan = TreePlan.Create(options);
        foreach (var file in NginxBaseFiles.Write(options))
        {
            yield return file;
        }

        var upstreamsByFile = new List<int>[options.Files];
        for (var unit = 0; unit < options.Units; unit++)
        {
            (upstreamsByFile[plan.UpstreamFile[unit]] ??= []).Add(unit);
        }

        var sites = new NginxSiteWriter(plan);
        for (var file = 0; file < options.Files; file++)
        {
            yield return sites.Write(file, upstreamsByFile[file] ?? []);
        }

        foreach (var file in PhpFpmFiles.Write(options))
        {
            yield return file;
        }

        foreach (var file in SystemdFiles.Write(options))
        {
            yield return file;
        }
    }

    /// <summary>Writes the tree under <paramref name="root"/>, replacing an earlier run's output there.
    /// Refuses a non-empty folder that an earlier run did not make.</summary>
    public static (int Files, long Bytes) WriteTo(string root, GeneratorOptions options)
    {
        var marker = Path.Combine(root, MarkerFile);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!File.Exists(marker))
            {
                throw new IOException($"{root} is not empty and was not made by gen-server-tree; give an empty or new folder");
            }

            foreach (var folder in GeneratedFolders)
            {
                var path = Path.Combine(root, folder);
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        }

        Directory.CreateDirectory(root);
        File.WriteAllText(marker, $"servers={options.Servers} files={options.Files} pools={options.Pools} units={options.Units} seed={options.Seed}\n", Utf8);
        int count = 0;
        long bytes = 0;
        foreach (var file in Generate(options))
        {
            var path = Path.Combine(root, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var content = Utf8.GetBytes(file.Text);
            File.WriteAllBytes(path, content);
            count++;
            bytes += content.Length;
        }

        return (count, bytes);
    }
}
