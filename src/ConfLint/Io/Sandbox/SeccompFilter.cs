namespace ConfLint.Io.Sandbox;

/// <summary>
/// The seccomp program bubblewrap loads (<c>--seccomp FD</c>) before it runs a daemon: a classic-BPF deny-list built
/// here, with no library. A call of another architecture (an i386 or x32 program) kills the process; on x86-64 and
/// arm64 the calls a configuration test has no use for and a kernel exploit often has fail with <c>EPERM</c>:
/// tracing another process or reading its memory, mounting (old and new mount API), loading kernel code or
/// modules, BPF, perf events, the kernel keyring, userfaultfd, file handles (<c>open_by_handle_at</c> reads files
/// by inode past a mount), joining or making namespaces (<c>setns</c>; <c>unshare</c> and <c>clone</c> with
/// <c>CLONE_NEWUSER</c>), io_uring, the kernel log, reboot, swap, accounting, and the terminal <c>ioctl</c>s that
/// push input into a terminal (<c>TIOCSTI</c>, <c>TIOCLINUX</c>). <c>clone3</c>, whose flags a filter cannot
/// read, fails with <c>ENOSYS</c>, so that the C library falls back to <c>clone</c>, whose flags it can.
/// </summary>
internal static class SeccompFilter
{
    public const uint Permitted = 0x7FFF0000;
    public const uint KillProcess = 0x80000000;
    public const uint ErrnoPermission = 0x00050000 | 1;
    public const uint ErrnoNoSystemCall = 0x00050000 | 38;
    public const uint ArchX8664 = 0xC000003E;
    public const uint ArchAarch64 = 0xC00000B7;
    private const uint CloneNewUser = 0x10000000;
    private const uint Tiocsti = 0x5412;
    private const uint Tioclinux = 0x541C;
    private const uint X32Bit = 0x40000000;

    private const ushort LoadWord = 0x20;
    private const ushort JumpEqual = 0x15;
    private const ushort JumpGreaterOrEqual = 0x35;
    private const ushort JumpSet = 0x45;
    private const ushort ReturnValue = 0x06;

    private const uint OffsetNumber = 0;
    private const uint OffsetArch = 4;
    private const uint OffsetFirstArgument = 16;
    private const uint OffsetSecondArgument = 24;

    /// <summary>The denied calls and the ones whose arguments decide, by architecture.</summary>
    private sealed record Table(uint Arch, uint[] Denied, uint CloneCall, uint Unshare, uint Ioctl, uint Clone3, bool X32);

    private static readonly Table X8664 = new(
        ArchX8664,
        [101, 310, 311, 165, 166, 155, 428, 429, 430, 431, 432, 433, 442, 246, 320, 175, 313, 176, 321, 298, 248, 249, 250, 323,
            303, 304, 308, 425, 426, 427, 103, 169, 167, 168, 163],
        CloneCall: 56,
        Unshare: 272,
        Ioctl: 16,
        Clone3: 435,
        X32: true);

    private static readonly Table Aarch64 = new(
        ArchAarch64,
        [117, 270, 271, 40, 39, 41, 428, 429, 430, 431, 432, 433, 442, 104, 294, 105, 273, 106, 280, 241, 217, 218, 219, 282,
            264, 265, 268, 425, 426, 427, 116, 142, 224, 225, 89],
        CloneCall: 220,
        Unshare: 97,
        Ioctl: 29,
        Clone3: 435,
        X32: false);

    /// <summary>The program as the kernel takes it: <c>struct sock_filter</c>s, 8 bytes each, in this machine's byte order.</summary>
    public static byte[] Build()
    {
        var program = new Program();
        program.Load(OffsetArch);
        program.JumpIf(JumpEqual, X8664.Arch, "x86_64", null);
        program.JumpIf(JumpEqual, Aarch64.Arch, "aarch64", null);
        program.Return(KillProcess);
        foreach (var (table, name) in new[] { (X8664, "x86_64"), (Aarch64, "aarch64") })
        {
            program.Label(name);
            program.Load(OffsetNumber);
            if (table.X32)
            {
                program.JumpIf(JumpGreaterOrEqual, X32Bit, "kill", null);
            }

            foreach (var number in table.Denied)
            {
                program.JumpIf(JumpEqual, number, "deny", null);
            }

            program.JumpIf(JumpEqual, table.CloneCall, "flags", null);
            program.JumpIf(JumpEqual, table.Unshare, "flags", null);
            program.JumpIf(JumpEqual, table.Ioctl, "ioctl", null);
            program.JumpIf(JumpEqual, table.Clone3, "nosys", null);
            program.Return(Permitted);
        }

        program.Label("flags");
        program.Load(OffsetFirstArgument);
        program.JumpIf(JumpSet, CloneNewUser, "deny", "allow");
        program.Label("ioctl");
        program.Load(OffsetSecondArgument);
        program.JumpIf(JumpEqual, Tiocsti, "deny", null);
        program.JumpIf(JumpEqual, Tioclinux, "deny", "allow");
        program.Label("allow");
        program.Return(Permitted);
        program.Label("deny");
        program.Return(ErrnoPermission);
        program.Label("nosys");
        program.Return(ErrnoNoSystemCall);
        program.Label("kill");
        program.Return(KillProcess);
        return program.Assemble();
    }

    /// <summary>Instructions with jumps to labels, resolved once every label is known (classic BPF jumps forward only).</summary>
    private sealed class Program
    {
        private readonly List<(ushort Code, string? True, string? False, uint K)> _instructions = [];
        private readonly Dictionary<string, int> _labels = [];

        public void Load(uint offset) => _instructions.Add((LoadWord, null, null, offset));

        public void Return(uint action) => _instructions.Add((ReturnValue, null, null, action));

        /// <summary>A conditional jump; a null target is the next instruction.</summary>
        public void JumpIf(ushort code, uint value, string? whenTrue, string? whenFalse) => _instructions.Add((code, whenTrue, whenFalse, value));

        public void Label(string name) => _labels[name] = _instructions.Count;

        public byte[] Assemble()
        {
            var bytes = new byte[_instructions.Count * 8];
            for (var i = 0; i < _instructions.Count; i++)
            {
                var (code, whenTrue, whenFalse, k) = _instructions[i];
                BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), code);
                bytes[(i * 8) + 2] = Offset(i, whenTrue);
                bytes[(i * 8) + 3] = Offset(i, whenFalse);
                BitConverter.TryWriteBytes(bytes.AsSpan((i * 8) + 4), k);
            }

            return bytes;
        }

        private byte Offset(int from, string? label)
        {
            if (label is null)
            {
                return 0;
            }

            var distance = _labels[label] - from - 1;
            return distance is >= 0 and <= byte.MaxValue ? (byte)distance : throw new InvalidOperationException($"seccomp jump to {label} out of range");
        }
    }
}
