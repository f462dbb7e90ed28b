using System.Runtime.InteropServices;

namespace ConfLint.Cli.Commands;

/// <summary>
/// SIGINT and SIGTERM during a fix. Outside a critical section (loading, linting, computing fixes: nothing on disk
/// yet) the process ends as usual. Inside one (<c>--verify</c>'s staging and tools, the write), the signal only
/// asks the section to stop: the verifier ends its child processes and removes its staging folder, the writer
/// rolls back before its renames or completes them once they have begun.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private volatile bool _critical;

    public Interruption()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
        }
    }

    public CancellationToken Token => _source.Token;

    public bool Requested => _source.IsCancellationRequested;

    /// <summary>Signals that arrive until the returned scope ends are handed to the section through <see cref="Token"/>.</summary>
    public IDisposable Critical()
    {
        _critical = true;
        return new Scope(this);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (_critical)
        {
            context.Cancel = true;
            _source.Cancel();
        }
    }

    private sealed class Scope(Interruption owner) : IDisposable
    {
        public void Dispose() => owner._critical = false;
    }
}
