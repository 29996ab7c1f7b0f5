using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace CacheTasks.Testing;

/// <summary>Whether a packed assembly carries ReadyToRun code (eng/ReadyToRun.targets), and where it should.</summary>
public static class ReadyToRunImage
{
    /// <summary>The packages carry ReadyToRun code only when packed on linux-x64 (eng/ReadyToRun.targets).</summary>
    public static bool MadeHere => OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    /// <summary>True when the assembly at <paramref name="name"/> in the package has a ReadyToRun header.</summary>
    public static bool In(ZipArchive package, string name)
    {
        using var stream = new MemoryStream();
        using (var entry = package.GetEntry(name)!.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new PEReader(stream);
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }
}
