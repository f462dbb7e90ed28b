using ConfLint.Configuration;
using ConfLint.Host.Apache;
using ConfLint.Host.Haproxy;
using ConfLint.Host.Nginx;
using ConfLint.Host.PhpFpm;
using ConfLint.Host.Systemd;
using ConfLint.Host.Tomcat;
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
        model.Accounts = HostAccounts.Read(workspace.FileSystem);
        model.Files = new HostFiles(workspace.FileSystem, workspace.Options);
        model.InitProcess = HostProcess.Read(workspace.FileSystem);
        model.MemoryInfo = HostMemory.Read(workspace.FileSystem, config);
        model.Memory = model.MemoryInfo.Available;

        // Front ends and back ends are read from different files into different lists: both halves at once.
        long front = 0, back = 0;
        WorkSplit.Both(workspace.Files.Count >= WorkSplit.SmallWorkspace, () =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
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

            foreach (var instance in HaproxyConfigReader.Read(workspace))
            {
                model.Haproxy.Add(instance);
                HaproxyFrontEnds.Add(model, instance);
            }

            front = GC.GetAllocatedBytesForCurrentThread() - before;
        }, () =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            SystemdBackEnds.Add(model);
            DebianUwsgiApps.Add(model);
            PhpFpmReader.Add(model);
            Supervisor.SupervisorBackEnds.Add(model);
            Pm2.Pm2BackEnds.Add(model);
            Compose.ComposeBackEnd.Add(model);
            TomcatBackEnds.Add(model);
            back = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        var joined = GC.GetAllocatedBytesForCurrentThread();
        // What a Compose service's own nginx serves behind its published ports: its configuration is read with the front ends.
        Compose.ComposeBackEnd.ServedByNginx(model);
        ResolveNames(model);
        WebIdentities.Apply(model);
        model.Index();
        joined = GC.GetAllocatedBytesForCurrentThread() - joined;
        timings?.Add(($"host model [front ends {front / 1_000_000} MB, back ends {back / 1_000_000} MB, joined {joined / 1_000_000} MB]", timer.Elapsed));
        return model;
    }

    /// <summary>
    /// A host front end's target written as a name that the root's /etc/hosts gives as this host's own address (a
    /// loopback, or the address of its own name or network configuration: <see cref="HostResolution.OnThisHost"/>) is
    /// that address on this host: the proxy resolves it so at start (nginx) or per connection (httpd), from the hosts
    /// file before DNS. Any other name is left as written (DNS, or another host, answers it). A target written as one of
    /// those own addresses is this host's as well (<see cref="HostResolution.OwnAddressEvidence"/>). Front ends in
    /// containers resolve through the container's own files.
    /// </summary>
    private static void ResolveNames(HostModel model)
    {
        if (!model.Resolution.RootKnown)
        {
            return;
        }

        for (var i = 0; i < model.FrontEnds.Count; i++)
        {
            var frontEnd = model.FrontEnds[i];
            if (frontEnd.File.Container is not null)
            {
                continue;
            }

            var targets = frontEnd.Targets;
            List<EndpointSite>? changed = null;
            for (var t = 0; t < targets.Count; t++)
            {
                var site = targets[t];
                if (site.Endpoint is { Kind: EndpointKind.Tcp, Host: { Length: > 0 } name } endpoint && !Endpoint.IsIpAddress(name)
                    && model.Resolution.OnThisHost(name) is { } local)
                {
                    var resolved = Endpoint.Tcp(local.Address, endpoint.Port, endpoint.Text);
                    changed ??= [.. targets];
                    changed[t] = site with { Endpoint = resolved.IsLoopback ? resolved : resolved with { OwnAddress = true }, Resolution = local.Evidence };
                }
                else if (site.Endpoint is { Kind: EndpointKind.Tcp, Host: { Length: > 0 } address, OwnAddress: false, IsLoopback: false } literal
                    && model.Resolution.OwnAddressEvidence(address) is { } own)
                {
                    // An address written out that the root gives this host (192.168.10.11 of /etc/network/interfaces):
                    // local, as the same address reached through a name is.
                    changed ??= [.. targets];
                    changed[t] = site with { Endpoint = literal with { OwnAddress = true }, Resolution = own };
                }
            }

            if (changed is not null)
            {
                model.FrontEnds[i] = frontEnd with { Targets = changed };
            }
        }
    }
}
