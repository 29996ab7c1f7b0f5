using CacheTasks.Testing;

namespace CacheTasks.Cli.Tests.Infrastructure;

/// <summary>A small catalog written for a test: zlib 1.3.1 for x86_64_v3 and 1.2.13 for aarch64 on Ubuntu 24.04.</summary>
internal static class TestCatalog
{
    public const string X86 = "linux-ubuntu24.04-x86_64_v3";
    public const string Arm = "linux-ubuntu24.04-aarch64";

    public const string ZlibPage = "---\ntitle: \"zlib\"\ncategories: [package, develop]\nmeta: {\"num_specs\": 2}\nspec_details: [{\"hash\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\", \"versions\": [\"1.3.1\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"x86_64_v3\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\"]}, {\"hash\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\", \"versions\": [\"1.2.13\"], \"os\": \"ubuntu24.04\", \"platform\": \"linux\", \"target\": \"aarch64\", \"compiler\": \"gcc@13.3.0\", \"variants\": [\"+shared\"], \"stacks\": [\"e4s\", \"ml-linux-aarch64-cpu\"]}]\n---";

    /// <summary>Writes the catalog into the folder and returns the catalog folder.</summary>
    public static string Write(TemporaryDirectory folder)
    {
        folder.Write("catalog/develop/zlib/specs.md", ZlibPage);
        return folder.Combine("catalog");
    }
}
