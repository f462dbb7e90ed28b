using ConfLint.Configuration;
using ConfLint.Host.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Host;

/// <summary>Builds the host model from every parsed file of one host, in one pass per kind.</summary>
public static class HostModelBuilder
{
    public static HostModel Build(ConfigWorkspace workspace, ConfLintConfig config)
    {
        var model = new HostModel(workspace, config);
        foreach (var instance in NginxConfigReader.Read(workspace))
        {
            model.Nginx.Add(instance);
            NginxFrontEnds.Add(model, instance);
        }

        model.Index();
        return model;
    }
}
