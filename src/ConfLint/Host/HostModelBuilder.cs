using ConfLint.Configuration;
using ConfLint.Host.Apache;
using ConfLint.Host.Nginx;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;
using ConfLint.Units;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>Builds the host model from every parsed file of one host, in one pass per kind.</summary>
public static class HostModelBuilder
{
    /// <param name="timings">Where the time it took goes, or null.</param>
    public static HostModel Build(ConfigWorkspace workspace, ConfLintConfig config, IList<(string Stage, TimeSpan Time)>? timings = null)
    {
        var model = new HostModel(workspace, config);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        model.Resolution = HostResolution.Read(workspace.FileSystem);
        model.Memory = config.HostMemory ?? ReadMemory(workspace.FileSystem);
        model.Accounts = HostAccounts.Read(workspace.FileSystem);

        // Front ends and back ends are read from different files into different lists: both halves at once.
        var frontEnds = Task.Run(() =>
        {
            foreach (var instance in NginxConfigReader.Read(workspace))
            {
                model.Nginx.Add(instance);
                NginxFrontEnds.Add(model, instance);
            }

            foreach (var instance in ApacheConfigReader.Read(workspace))
            {
                model.Apache.Add(instance);
                ApacheFrontEnds.Add(model, instance);
            }
        });
        SystemdBackEnds.Add(model);
        PhpFpmReader.Add(model);
        frontEnds.Wait();
        model.Index();
        timings?.Add(("host model", timer.Elapsed));
        return model;
    }

    /// <summary>MemTotal of /proc/meminfo, under a root only.</summary>
    private static ByteSize? ReadMemory(RootedFileSystem fs)
    {
        if (fs.Root is null)
        {
            return null;
        }

        foreach (var line in fs.ReadLines("/proc/meminfo"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "MemTotal:" && long.TryParse(fields[1], out var kilobytes))
            {
                return ByteSize.FromKilobytes(kilobytes);
            }
        }

        return null;
    }
}
