using CacheTasks.Diagnostics;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.Environments;

/// <summary>
/// <c>specs: - group:</c> entries (Spack's schema/spec_list.py <c>group_name_and_deps</c>, in the
/// shape of spack-tutorial's outputs/stacks/examples/groups-*.spack.stack.yaml): a group's specs
/// are roots like any others; <c>needs</c>, <c>explicit</c> and <c>override</c> say how Spack
/// concretizes them, not which specs are asked for. A malformed group is one CT3003 at its place,
/// naming what a group holds, and the rest of the file is read.
/// </summary>
public sealed class SpecGroupTests
{
    [Fact]
    public void The_specs_of_every_group_are_read_in_order_with_their_places()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", """
            spack:
              definitions:
              - mpis: [openmpi]
              specs:
              - zlib
              - group: compiler
                specs:
                - gcc@16
                - lmod@8.7.67
                override:
                  packages:
                    c:
                      prefer: [gcc@15]
              - group: stack
                needs: [compiler]
                explicit: false
                specs:
                - netlib-scalapack ^openblas
                - matrix:
                  - [hdf5, fftw]
                  - [$^mpis]
              - group: tuned
                matrix:
                - [py-numpy]
                - ['target=x86_64_v3', 'target=zen3']
                exclude:
                - target=zen3
              view: false
            """);

        var (inputs, diagnostics) = EnvironmentReaderTests.Read(path);

        Assert.Empty(diagnostics);
        Assert.Equal(
            ["zlib @5,5", "gcc@16 @8,7", "lmod@8.7.67 @9,7", "netlib-scalapack ^openblas @18,7", "hdf5 ^openmpi @20,10", "fftw ^openmpi @20,16", "py-numpy target=x86_64_v3 @24,8"],
            inputs.Select(i => $"{i.Text} @{i.Location!.Line},{i.Location.Column}"));
    }

    [Theory]
    [InlineData("  - group: stack\n    spec: [zlib]\n", 5, 5)]
    [InlineData("  - group: stack\n    specs: [zlib]\n    matrix: [[zlib]]\n", 4, 5)]
    [InlineData("  - group: [stack]\n    specs: [zlib]\n", 4, 12)]
    [InlineData("  - group: stack\n    needs: compiler\n    specs: [zlib]\n", 5, 12)]
    [InlineData("  - group: stack\n    explicit: maybe\n    specs: [zlib]\n", 5, 15)]
    [InlineData("  - group: stack\n    override: [packages]\n    specs: [zlib]\n", 5, 15)]
    [InlineData("  - group: stack\n    specs: zlib\n", 5, 12)]
    public void A_malformed_group_is_one_CT3003_at_its_place_and_the_other_specs_are_read(string group, int line, int column)
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", "spack:\n  specs:\n  - cmake\n" + group + "  - zlib\n");

        var (inputs, diagnostics) = EnvironmentReaderTests.Read(path);

        Assert.Equal(["cmake", "zlib"], inputs.Select(i => i.Text));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.InvalidEnvironment, diagnostic.Code);
        Assert.Equal(new SourceLocation(path, line, column), diagnostic.Location);
    }

    [Fact]
    public void An_entry_with_a_group_key_is_not_called_a_malformed_matrix()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("spack.yaml", "spack:\n  specs:\n  - group: stack\n    spec: [zlib]\n");

        var (_, diagnostics) = EnvironmentReaderTests.Read(path);

        var message = Assert.Single(diagnostics).Message;
        Assert.Contains(string.Format(Messages.EnvironmentErrorShape, "group", Messages.EnvironmentShapeGroup), message, StringComparison.Ordinal);
    }
}
