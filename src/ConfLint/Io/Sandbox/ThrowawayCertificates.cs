using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ConfLint.Syntax;
using ConfLint.Syntax.Apache;
using ConfLint.Syntax.Nginx;
using ConfLint.Workspace;

namespace ConfLint.Io.Sandbox;

/// <summary>
/// Certificates and keys a configuration names that the tree does not hold (a CI checkout has no production
/// secrets): each missing certificate/key pair is staged as a new self-signed pair (ECDSA P-256, made here with
/// .NET's own cryptography, never kept), each missing CA bundle as a self-signed certificate, so that the daemons
/// can judge the rest of a TLS configuration. When only one half of a pair is missing, both halves are replaced in
/// the stage (a key cannot be made for a certificate). A missing <c>ssl_dhparam</c> file is staged as RFC 7919's
/// ffdhe2048 group. Paths with variables (read per request) are left alone.
/// </summary>
internal static class ThrowawayCertificates
{
    private static readonly string[] NginxPrefixes = ["ssl", "proxy_ssl", "grpc_ssl", "uwsgi_ssl"];

    private static readonly string[] NginxAuthorities =
        ["ssl_trusted_certificate", "ssl_client_certificate", "proxy_ssl_trusted_certificate", "grpc_ssl_trusted_certificate", "uwsgi_ssl_trusted_certificate"];

    private static readonly string[] ApacheAuthorities =
        ["SSLCACertificateFile", "SSLProxyCACertificateFile", "SSLCertificateChainFile", "SSLProxyMachineCertificateChainFile"];

    /// <summary>The finite-field Diffie-Hellman group ffdhe2048 of RFC 7919 (a published constant, the group certbot's
    /// <c>ssl-dhparams.pem</c> holds) in PKCS#3 PEM: what a missing <c>ssl_dhparam</c> file is staged as.</summary>
    private const string Ffdhe2048 =
        "-----BEGIN DH PARAMETERS-----\n" +
        "MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz\n" +
        "+8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a\n" +
        "87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7\n" +
        "YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi\n" +
        "7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD\n" +
        "ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==\n" +
        "-----END DH PARAMETERS-----\n";

    /// <summary>A file to stage: a certificate, a key, or both (one file holding both); or DH parameters.</summary>
    private sealed record Need(string Path, bool Certificate, bool Key, string? PairedWith, bool DhParameters = false);

    /// <summary>Every certificate, key and CA file the workspaces name (existing ones are staged as they are).</summary>
    public static IReadOnlyList<string> References(IEnumerable<ConfigWorkspace> workspaces)
    {
        var everything = new Dictionary<string, Need>(StringComparer.Ordinal);
        Collect(workspaces, null, everything);
        return everything.Keys.Order(StringComparer.Ordinal).ToList();
    }

    private static void Collect(IEnumerable<ConfigWorkspace> workspaces, RootedFileSystem? tree, Dictionary<string, Need> needs)
    {
        foreach (var workspace in workspaces)
        {
            foreach (var file in workspace.Files.Where(f => f.Tree is not null))
            {
                if (file.Kind == ConfigKind.Nginx)
                {
                    Nginx((NginxConfigFile)file.Tree!.Root, file.Prefix, tree, needs);
                }
                else if (file.Kind == ConfigKind.Apache)
                {
                    Apache((ApacheConfigFile)file.Tree!.Root, file.Prefix, tree, needs);
                }
            }
        }
    }

    /// <summary>Writes throwaway files into the stages for what the workspaces name and the tree lacks; returns
    /// the server paths written (for the verdict).</summary>
    public static IReadOnlyList<string> Stage(IEnumerable<ConfigWorkspace> workspaces, RootedFileSystem tree, IReadOnlyList<StagedTree> stages)
    {
        var needs = new Dictionary<string, Need>(StringComparer.Ordinal);
        Collect(workspaces, tree, needs);

        var written = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var need in needs.Values.OrderBy(n => n.Path, StringComparer.Ordinal))
        {
            if (!done.Add(need.Path) || StagedTree.IsReserved(need.Path))
            {
                continue;
            }

            if (need.DhParameters)
            {
                foreach (var stage in stages)
                {
                    stage.AddFile(need.Path, System.Text.Encoding.ASCII.GetBytes(Ffdhe2048), 0x180, replace: true);
                }

                written.Add(need.Path);
                continue;
            }

            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=conflint throwaway certificate", key, HashAlgorithmName.SHA256);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            var certificatePem = certificate.ExportCertificatePem() + "\n";
            var keyPem = key.ExportPkcs8PrivateKeyPem() + "\n";
            var files = new List<(string Path, string Text)>();
            if (need.PairedWith is { } other && other != need.Path && needs.TryGetValue(other, out var partner))
            {
                done.Add(other);
                files.Add((need.Path, need.Certificate ? certificatePem : keyPem));
                files.Add((other, partner.Certificate ? certificatePem : keyPem));
            }
            else
            {
                files.Add((need.Path, (need.Certificate ? certificatePem : string.Empty) + (need.Key ? keyPem : string.Empty)));
            }

            foreach (var (path, text) in files.Where(f => !StagedTree.IsReserved(f.Path)))
            {
                foreach (var stage in stages)
                {
                    stage.AddFile(path, System.Text.Encoding.ASCII.GetBytes(text), 0x180, replace: true);
                }

                written.Add(path);
            }
        }

        return written;
    }

    private static void Nginx(NginxConfigFile file, string prefix, RootedFileSystem? tree, Dictionary<string, Need> needs)
    {
        var blocks = new Stack<IReadOnlyList<NginxDirective>>([file.Directives]);
        while (blocks.Count > 0)
        {
            var directives = blocks.Pop();
            foreach (var directive in directives)
            {
                if (directive.Block is { } block)
                {
                    blocks.Push(block.Directives);
                }
            }

            foreach (var name in NginxPrefixes)
            {
                var certificates = Paths(directives, name + "_certificate", prefix);
                var keys = Paths(directives, name + "_certificate_key", prefix);
                for (var i = 0; i < Math.Max(certificates.Count, keys.Count); i++)
                {
                    Pair(i < certificates.Count ? certificates[i] : null, i < keys.Count ? keys[i] : null, tree, needs);
                }
            }

            foreach (var name in NginxAuthorities)
            {
                foreach (var path in Paths(directives, name, prefix))
                {
                    Authority(path, tree, needs);
                }
            }

            // certbot's options-ssl-nginx setup names /etc/letsencrypt/ssl-dhparams.pem, which a checkout does not hold.
            foreach (var path in Paths(directives, "ssl_dhparam", prefix))
            {
                if (tree is null || !tree.FileExists(path))
                {
                    needs.TryAdd(path, new Need(path, false, false, null, DhParameters: true));
                }
            }
        }
    }

    private static List<string> Paths(IReadOnlyList<NginxDirective> directives, string name, string prefix) =>
        directives.Where(d => d.Name == name && d.Args.Count == 1)
            .Select(d => d.Args[0])
            .Where(Usable)
            .Select(p => p.StartsWith('/') ? p : prefix.TrimEnd('/') + "/" + p)
            .ToList();

    private static void Apache(ApacheConfigFile file, string serverRoot, RootedFileSystem? tree, Dictionary<string, Need> needs)
    {
        var groups = file.DescendantItems().OfType<ApacheDirective>().GroupBy(d => d.ParentSection);
        foreach (var group in groups)
        {
            List<string> Of(string name) => group.Where(d => d.IsNamed(name) && d.Args.Count == 1).Select(d => d.Args[0]).Where(Usable)
                .Select(p => p.StartsWith('/') ? p : serverRoot.TrimEnd('/') + "/" + p).ToList();

            var certificates = Of("SSLCertificateFile");
            var keys = Of("SSLCertificateKeyFile");
            for (var i = 0; i < certificates.Count; i++)
            {
                // Without a key file the key is read from the certificate's file.
                Pair(certificates[i], i < keys.Count ? keys[i] : certificates[i], tree, needs);
            }

            foreach (var path in Of("SSLProxyMachineCertificateFile"))
            {
                Pair(path, path, tree, needs);
            }

            foreach (var path in ApacheAuthorities.SelectMany(Of))
            {
                Authority(path, tree, needs);
            }
        }
    }

    private static bool Usable(string path) =>
        path.Length > 0 && !path.Contains('$', StringComparison.Ordinal) && !PosixFiles.HasNul(path)
        && !path.StartsWith("data:", StringComparison.Ordinal) && !path.StartsWith("engine:", StringComparison.Ordinal);

    private static void Pair(string? certificate, string? key, RootedFileSystem? tree, Dictionary<string, Need> needs)
    {
        // Without a tree, every file named is recorded (the list of references).
        var certificateMissing = certificate is not null && (tree is null || !tree.FileExists(certificate));
        var keyMissing = key is not null && (tree is null || !tree.FileExists(key));
        if (!certificateMissing && !keyMissing)
        {
            return;
        }

        if (certificate is not null && certificate == key)
        {
            needs.TryAdd(certificate, new Need(certificate, true, true, null));
            return;
        }

        if (certificate is not null)
        {
            needs.TryAdd(certificate, new Need(certificate, true, false, key));
        }

        if (key is not null)
        {
            needs.TryAdd(key, new Need(key, false, true, certificate));
        }
    }

    private static void Authority(string path, RootedFileSystem? tree, Dictionary<string, Need> needs)
    {
        if (tree is null || !tree.FileExists(path))
        {
            needs.TryAdd(path, new Need(path, true, false, null));
        }
    }
}
