using CacheTasks.Core.Tests.Reports;
using CacheTasks.Coverage;
using CacheTasks.Diagnostics;
using CacheTasks.Reports;
using CacheTasks.Requirements;
using CacheTasks.Run;

namespace CacheTasks.Core.Tests.Robustness;

/// <summary>Report folders that cannot be written, and readers holding the old report: never half a report, never an exception.</summary>
public sealed class ReportFaultTests
{
    [Fact]
    public void A_report_folder_that_is_a_file_is_CT2004_for_each_report()
    {
        using var fixture = new ReportFixture("json");
        var blocked = fixture.Folder.Write("blocked", "a file where the report folder should be");
        var diagnostics = new List<Diagnostic>();

        var written = ReportPublisher.Publish(fixture.Run.Report!, blocked, [new JsonReportWriter(), new MarkdownReportWriter()], diagnostics);

        Assert.Empty(written);
        Assert.Equal([DiagnosticCodes.ReportNotWritten, DiagnosticCodes.ReportNotWritten], diagnostics.Select(d => d.Code));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal([Path.Combine(blocked, "coverage.json"), Path.Combine(blocked, "coverage.md")], diagnostics.Select(d => d.Location!.File));
        Assert.Equal("a file where the report folder should be", File.ReadAllText(blocked));
    }

    [Fact]
    public void A_report_folder_name_the_OS_refuses_is_CT2004()
    {
        using var fixture = new ReportFixture("json");
        var diagnostics = new List<Diagnostic>();
        var folder = fixture.Folder.Combine("bad\0name");

        var written = ReportPublisher.Publish(fixture.Run.Report!, folder, [new JsonReportWriter()], diagnostics);

        Assert.Empty(written);
        Assert.Equal(DiagnosticCodes.ReportNotWritten, Assert.Single(diagnostics).Code);
    }

    [Fact]
    public void Folder_properties_with_a_NUL_are_coded_diagnostics_not_exceptions()
    {
        // MSBuild unescapes %00 to NUL; every path built under such a folder used to throw.
        using var fixture = new ReportFixture("json");
        var bad = fixture.Folder.Combine("x\0y");
        var options = new CoverageRunOptions
        {
            CatalogSources = [fixture.Folder.Combine("catalog")],
            Arches = [ReportFixture.X86],
            Requirements = [new RequirementInput("zlib@1.3")],
            ReportDirectory = bad,
            ParsedCatalogCacheDirectory = bad,
            MirrorCacheDirectory = bad,
        };

        var run = CoverageRun.Execute(options);

        Assert.Equal(CoverageStatus.Covered, Assert.Single(run.Result!.Rows).Status);
        // One CT2004 per report the default formats ask for.
        Assert.Equal([DiagnosticCodes.InvalidProperty, .. options.ReportFormats.Select(_ => DiagnosticCodes.ReportNotWritten)], run.Diagnostics.Select(d => d.Code));
        Assert.Equal(string.Format(Messages.InvalidProperty, "SpackCatalogCacheDirectory", bad, Messages.PathValues), run.Diagnostics[0].Message);
    }

    [Fact]
    public void A_read_only_report_folder_is_CT2004_and_the_previous_report_stays()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix folder modes; Windows has A_report_folder_that_is_a_file_is_CT2004_for_each_report");
            return;
        }

        using var fixture = new ReportFixture("json");
        var folder = fixture.Folder.Combine("reports");
        var previous = fixture.Report("coverage.json");
        using var readOnly = ReadOnlyFolder.Make(folder);

        var diagnostics = new List<Diagnostic>();
        var written = ReportPublisher.Publish(fixture.Run.Report!, folder, [new JsonReportWriter()], diagnostics);

        Assert.Empty(written);
        Assert.Equal(DiagnosticCodes.ReportNotWritten, Assert.Single(diagnostics).Code);
        Assert.Equal(previous, fixture.Report("coverage.json"));
    }

    /// <summary>
    /// A folder nobody may write into, until disposed. Root writes into any folder whatever its mode
    /// (CI runs as root), but not into one marked immutable (chattr +i), so as root the test uses that.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private sealed class ReadOnlyFolder : IDisposable
    {
        private readonly string _path;
        private readonly bool _immutable;

        private ReadOnlyFolder(string path, bool immutable)
        {
            _path = path;
            _immutable = immutable;
        }

        public static ReadOnlyFolder Make(string path)
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            if (!CanWrite(path))
            {
                return new ReadOnlyFolder(path, immutable: false);
            }

            var chattr = Chattr("+i", path);
            var folder = new ReadOnlyFolder(path, immutable: chattr.Length == 0);
            if (chattr.Length != 0 || CanWrite(path))
            {
                folder.Dispose();
                Assert.Skip($"running as root, which writes into any folder whatever its mode, and chattr +i did not make {path} read-only ({chattr.Trim()}); A_report_folder_that_is_a_file_is_CT2004_for_each_report covers the same path");
            }

            return folder;
        }

        public void Dispose()
        {
            if (_immutable)
            {
                Chattr("-i", _path);
            }

            File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        private static bool CanWrite(string folder)
        {
            var probe = Path.Combine(folder, "probe");
            try
            {
                File.WriteAllText(probe, string.Empty);
                File.Delete(probe);
                return true;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                return false;
            }
        }

        /// <summary>Runs chattr; returns what went wrong, or an empty string.</summary>
        private static string Chattr(string flag, string path)
        {
            try
            {
                using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chattr", [flag, path])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                })!;
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0 ? string.Empty : $"chattr exited with {process.ExitCode}: {error}";
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return $"chattr could not be run: {e.Message}";
            }
        }
    }

    [Fact]
    public void A_reader_holding_the_old_report_sees_it_whole_while_it_is_replaced()
    {
        using var fixture = new ReportFixture("json");
        var path = fixture.Folder.Combine("reports", "coverage.json");
        var previous = File.ReadAllBytes(path);
        var diagnostics = new List<Diagnostic>();

        using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None))
        {
            var written = ReportPublisher.Publish(fixture.Run.Report!, fixture.Folder.Combine("reports"), [new JsonReportWriter()], diagnostics);
            using var copy = new MemoryStream();
            reader.CopyTo(copy);

            Assert.Equal(previous, copy.ToArray());
            if (OperatingSystem.IsWindows())
            {
                // Windows refuses to replace a file someone holds open: the report stays as it was.
                Assert.Empty(written);
                Assert.Equal(DiagnosticCodes.ReportNotWritten, Assert.Single(diagnostics).Code);
            }
            else
            {
                // Elsewhere the rename goes through; the holder keeps reading the old file whole.
                Assert.Equal([path], written);
                Assert.Empty(diagnostics);
            }
        }

        Assert.Empty(Directory.GetFiles(fixture.Folder.Combine("reports"), ".*.tmp"));
    }
}
