using CacheTasks.IO;
using CacheTasks.Testing;

namespace CacheTasks.Core.Tests.IO;

public sealed class AtomicFileTests
{
    [Fact]
    public void Write_creates_the_folder_and_the_file_and_leaves_no_temporary()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Combine("obj", "nested", "result.json");

        AtomicFile.Write(path, stream => stream.Write([1, 2, 3], 0, 3));

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder.Combine("obj", "nested")));
    }

    [Fact]
    public void A_failing_writer_leaves_the_old_file_whole_and_no_temporary_behind()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Write("coverage.json", "the old report");

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096], 0, 4096);
            throw new InvalidOperationException("the writer failed half way");
        }));

        Assert.Equal("the writer failed half way", error.Message);
        Assert.Equal("the old report", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_failing_writer_with_no_old_file_leaves_no_file_at_all()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Combine("coverage.json");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, _ => throw new IOException("disk full")));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Concurrent_writers_never_expose_a_half_written_file()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var path = folder.Combine("results.bin");
        const int Length = 256 * 1024;
        AtomicFile.Write(path, stream => stream.Write(Content(0, Length), 0, Length));

        using var done = new CancellationTokenSource();
        // The writers start once the reader is reading, so the test always races the two.
        var reading = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(path);
                }
                catch (IOException)
                {
                    // Windows refuses to open a file while it is being renamed over; a retry sees it whole.
                    continue;
                }

                // Whole means one writer's bytes from first to last, at full length.
                Assert.Equal(Length, bytes.Length);
                Assert.All(bytes, b => Assert.Equal(bytes[0], b));
                reads++;
                reading.TrySetResult(true);
            }
        });

        // A reader that failed on its first read ends the test with its own failure.
        if (await Task.WhenAny(reading.Task, reader) == reader)
        {
            await reader;
        }

        var writers = Enumerable.Range(1, 4).Select(writer => Task.Run(() =>
        {
            for (var round = 0; round < 25; round++)
            {
                try
                {
                    AtomicFile.Write(path, stream =>
                    {
                        // Several small writes, so a reader could catch a half-written file if there were one.
                        var content = Content(writer, Length);
                        for (var offset = 0; offset < Length; offset += 4096)
                        {
                            stream.Write(content, offset, 4096);
                        }
                    });
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Windows refuses a rename over a file a reader has open; the write is then simply lost.
                }
            }
        })).ToArray();

        await Task.WhenAll(writers);
        done.Cancel();
        await reader;

        Assert.True(reads > 0);
        Assert.Equal([path], Directory.GetFiles(folder.Path));
        Assert.Equal(Length, new FileInfo(path).Length);
    }

    [Fact]
    public void TryDelete_ignores_a_missing_file_and_a_missing_folder()
    {
        using var folder = TestEnvironment.CreateTemporaryDirectory();
        var file = folder.Write("stale.json", "{}");

        AtomicFile.TryDelete(file);
        AtomicFile.TryDelete(file);
        AtomicFile.TryDelete(folder.Combine("no-such-folder", "stale.json"));

        Assert.False(File.Exists(file));
    }

    private static byte[] Content(int writer, int length) => Enumerable.Repeat((byte)writer, length).ToArray();
}
