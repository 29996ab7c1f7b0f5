using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace CacheTasks.Testing;

/// <summary>
/// A real S3 server for one test: <c>s3rver</c> (npm) on 127.0.0.1 on a port it picks itself, keeping its
/// buckets in a temporary folder; stopped and removed when disposed. Without s3rver on PATH the test
/// skips (CI, which installs it in .ci/run, fails instead). Mirrors are put into it in Spack's two
/// build-cache layouts with the AWS SDK, signed with s3rver's one account (<see cref="AccessKeyId"/>);
/// s3rver accepts anonymous reads and refuses any other key id with 403 InvalidAccessKeyId.
/// </summary>
public sealed partial class S3TestServer : IDisposable
{
    /// <summary>The key id (and secret) of s3rver's built-in account.</summary>
    public const string AccessKeyId = "S3RVER";

    private readonly TemporaryDirectory _data = TestEnvironment.CreateTemporaryDirectory();
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly AmazonS3Client _client;

    public S3TestServer()
    {
        var executable = FindExecutable();
        if (executable is null)
        {
            _data.Dispose();
            TestEnvironment.SkipOrFail("s3rver is not installed (npm install -g s3rver; .ci/run installs it)");
        }

        var start = new ProcessStartInfo(executable!)
        {
            ArgumentList = { "-d", _data.Path, "-a", "127.0.0.1", "-p", "0", "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The test process's own folder may be gone (in-process builds move it into project folders tests delete).
            WorkingDirectory = _data.Path,
        };
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Received(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => Received(e.Data, listening);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!listening.Task.Wait(TimeSpan.FromSeconds(60)))
        {
            Dispose();
            throw new InvalidOperationException($"s3rver did not start within 60 s: {Output}");
        }

        Port = listening.Task.Result;
        _client = new AmazonS3Client(
            new BasicAWSCredentials(AccessKeyId, AccessKeyId),
            new AmazonS3Config
            {
                ServiceURL = Endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                IgnoreConfiguredEndpointUrls = true,
            });
    }

    public int Port { get; }

    /// <summary>The endpoint URL to give as <c>endpoint_url</c> or <c>S3_ENDPOINT_URL</c>.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string MirrorUrl(string bucket, string prefix) => $"s3://{bucket}/{prefix}";

    public void CreateBucket(string bucket) => _client.PutBucketAsync(bucket).GetAwaiter().GetResult();

    /// <summary>Puts <paramref name="index"/> as a layout-v2 mirror under the prefix: build_cache/index.json and its .hash.</summary>
    public void AddLegacyMirror(string bucket, string prefix, byte[] index, bool withHashFile = true)
    {
        Put(bucket, $"{prefix}/build_cache/index.json", index);
        if (withHashFile)
        {
            Put(bucket, $"{prefix}/build_cache/index.json.hash", Encoding.ASCII.GetBytes(MirrorTestServer.Sha256(index)));
        }
    }

    /// <summary>Puts <paramref name="index"/> as a layout-v3 mirror under the prefix (manifest and blob); returns the blob's key.</summary>
    public string AddV3Mirror(string bucket, string prefix, byte[] index, bool gzip = false)
    {
        var blob = gzip ? MirrorTestServer.Gzip(index) : index;
        var checksum = MirrorTestServer.Sha256(blob);
        var blobKey = $"{prefix}/blobs/sha256/{checksum.Substring(0, 2)}/{checksum}";
        Put(bucket, blobKey, blob);
        var manifest = $$"""
            {"version":3,"data":[
            {"contentLength":{{blob.Length}},"mediaType":"application/vnd.spack.db.v8+json","compression":"{{(gzip ? "gzip" : "none")}}","checksumAlgorithm":"sha256","checksum":"{{checksum}}"}
            ]}
            """;
        Put(bucket, $"{prefix}/v3/manifests/index/index.manifest.json", Encoding.UTF8.GetBytes(manifest));
        return blobKey;
    }

    public void Put(string bucket, string key, byte[] content)
    {
        using var body = new MemoryStream(content);
        _client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, UseChunkEncoding = false }).GetAwaiter().GetResult();
    }

    public void Remove(string bucket, string key) => _client.DeleteObjectAsync(bucket, key).GetAwaiter().GetResult();

    /// <summary>Stops the server: the mirror is down from now on.</summary>
    public void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Stop();
        _client?.Dispose();
        _process.Dispose();
        _data.Dispose();
    }

    private static string? FindExecutable()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "s3rver.cmd" : "s3rver");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private void Received(string? line, TaskCompletionSource<int> listening)
    {
        if (line is null)
        {
            listening.TrySetException(new InvalidOperationException($"s3rver exited: {Output}"));
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (Listening().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"S3rver listening on [^:]+:(\d+)")]
    private static partial Regex Listening();
}
