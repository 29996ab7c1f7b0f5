#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
using System.Text;
#endif

namespace CacheTasks.Platform;

/// <summary>
/// Reads an x86 CPU's vendor and feature flags with the <c>cpuid</c> instruction, as archspec does
/// where there is no <c>/proc/cpuinfo</c> (Windows). The flags get their Linux names, so the same
/// microarchitecture rules apply. Only the .NET 8 build can run <c>cpuid</c>; elsewhere it returns null.
/// </summary>
internal static class Cpuid
{
    // (leaf, subleaf, register, bit, Linux flag) for every feature the microarchitecture table uses,
    // from the Intel SDM / AMD APM cpuid tables (Linux's arch/x86/include/asm/cpufeatures.h names).
    private static readonly (uint Leaf, uint Subleaf, char Register, int Bit, string Flag)[] Bits =
    [
        (1, 0, 'd', 23, "mmx"), (1, 0, 'd', 25, "sse"), (1, 0, 'd', 26, "sse2"),
        (1, 0, 'c', 0, "pni"), (1, 0, 'c', 1, "pclmulqdq"), (1, 0, 'c', 9, "ssse3"), (1, 0, 'c', 12, "fma"),
        (1, 0, 'c', 13, "cx16"), (1, 0, 'c', 19, "sse4_1"), (1, 0, 'c', 20, "sse4_2"), (1, 0, 'c', 22, "movbe"),
        (1, 0, 'c', 23, "popcnt"), (1, 0, 'c', 25, "aes"), (1, 0, 'c', 26, "xsave"), (1, 0, 'c', 28, "avx"),
        (1, 0, 'c', 29, "f16c"), (1, 0, 'c', 30, "rdrand"),
        (7, 0, 'b', 0, "fsgsbase"), (7, 0, 'b', 1, "tsc_adjust"), (7, 0, 'b', 3, "bmi1"), (7, 0, 'b', 5, "avx2"),
        (7, 0, 'b', 8, "bmi2"), (7, 0, 'b', 16, "avx512f"), (7, 0, 'b', 17, "avx512dq"), (7, 0, 'b', 18, "rdseed"),
        (7, 0, 'b', 19, "adx"), (7, 0, 'b', 21, "avx512ifma"), (7, 0, 'b', 23, "clflushopt"), (7, 0, 'b', 24, "clwb"),
        (7, 0, 'b', 26, "avx512pf"), (7, 0, 'b', 27, "avx512er"), (7, 0, 'b', 28, "avx512cd"), (7, 0, 'b', 29, "sha_ni"),
        (7, 0, 'b', 30, "avx512bw"), (7, 0, 'b', 31, "avx512vl"),
        (7, 0, 'c', 1, "avx512vbmi"), (7, 0, 'c', 3, "pku"), (7, 0, 'c', 5, "waitpkg"), (7, 0, 'c', 6, "avx512_vbmi2"),
        (7, 0, 'c', 8, "gfni"), (7, 0, 'c', 9, "vaes"), (7, 0, 'c', 10, "vpclmulqdq"), (7, 0, 'c', 11, "avx512_vnni"),
        (7, 0, 'c', 12, "avx512_bitalg"), (7, 0, 'c', 14, "avx512_vpopcntdq"), (7, 0, 'c', 22, "rdpid"),
        (7, 0, 'c', 25, "cldemote"), (7, 0, 'c', 27, "movdiri"), (7, 0, 'c', 28, "movdir64b"),
        (7, 0, 'd', 8, "avx512_vp2intersect"), (7, 0, 'd', 14, "serialize"), (7, 0, 'd', 22, "amx_bf16"),
        (7, 0, 'd', 24, "amx_tile"), (7, 0, 'd', 25, "amx_int8"), (7, 0, 'd', 28, "flush_l1d"),
        (7, 1, 'a', 0, "sha512"), (7, 1, 'a', 1, "sm3"), (7, 1, 'a', 2, "sm4"), (7, 1, 'a', 4, "avx_vnni"),
        (7, 1, 'a', 5, "avx512_bf16"), (7, 1, 'a', 7, "cmpccxadd"), (7, 1, 'a', 23, "avx_ifma"),
        (7, 1, 'd', 4, "avx_vnni_int8"), (7, 1, 'd', 5, "avx_ne_convert"), (7, 1, 'd', 10, "avx_vnni_int16"),
        (0xD, 1, 'a', 0, "xsaveopt"), (0xD, 1, 'a', 1, "xsavec"),
        (0x80000001, 0, 'c', 0, "lahf_lm"), (0x80000001, 0, 'c', 5, "abm"), (0x80000001, 0, 'c', 6, "sse4a"),
        (0x80000001, 0, 'c', 11, "xop"), (0x80000001, 0, 'c', 16, "fma4"), (0x80000001, 0, 'c', 21, "tbm"),
        (0x80000001, 0, 'd', 30, "3dnowext"), (0x80000001, 0, 'd', 31, "3dnow"),
        (0x80000008, 0, 'b', 0, "clzero"),
    ];

    /// <summary>The flags of the bits that are set, given a way to run <c>cpuid</c> (leaf, subleaf → eax, ebx, ecx, edx).</summary>
    internal static HashSet<string> Flags(Func<uint, uint, (uint A, uint B, uint C, uint D)> cpuid)
    {
        var highestBasic = cpuid(0, 0).A;
        var highestExtended = cpuid(0x80000000, 0).A;
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (leaf, subleaf, register, bit, flag) in Bits)
        {
            var supported = leaf >= 0x80000000 ? leaf <= highestExtended : leaf <= highestBasic;
            if (!supported)
            {
                continue;
            }

            var registers = cpuid(leaf, subleaf);
            var value = register switch { 'a' => registers.A, 'b' => registers.B, 'c' => registers.C, _ => registers.D };
            if ((value & (1u << bit)) != 0)
            {
                flags.Add(flag);
            }
        }

        return flags;
    }

    /// <summary>A <c>/proc/cpuinfo</c>-shaped text (<c>vendor_id</c> and <c>flags</c>) of this CPU, or null when <c>cpuid</c> cannot run here.</summary>
    public static string? ReadAsCpuInfo()
    {
#if NET8_0_OR_GREATER
        if (!X86Base.IsSupported)
        {
            return null;
        }

        static (uint, uint, uint, uint) Run(uint leaf, uint subleaf)
        {
            var (a, b, c, d) = X86Base.CpuId(unchecked((int)leaf), unchecked((int)subleaf));
            return (unchecked((uint)a), unchecked((uint)b), unchecked((uint)c), unchecked((uint)d));
        }

        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        var vendor = new StringBuilder();
        foreach (var register in new[] { ebx, edx, ecx })
        {
            vendor.Append(Encoding.ASCII.GetString(BitConverter.GetBytes(register)));
        }

        return $"vendor_id\t: {vendor}\nflags\t\t: {string.Join(" ", Flags(Run).OrderBy(f => f, StringComparer.Ordinal))}\n";
#else
        return null;
#endif
    }
}
