using System.Runtime.CompilerServices;

namespace CacheTasks.Testing;

/// <summary>
/// Keeps the tests' S3 requests to what each test sets up: no credentials, profile or endpoint from the
/// developer's own environment or ~/.aws, and never a request to the EC2 instance metadata address
/// (the standard AWS chain's last step), which is not on this machine. Builds in this process and the
/// dotnet processes the end-to-end tests start both inherit it.
/// </summary>
internal static class IsolatedAwsEnvironment
{
    [ModuleInitializer]
    internal static void Isolate()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        var missing = Path.Combine(Path.GetTempPath(), "cachetasks-tests", "no-aws-" + Environment.ProcessId);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(missing, "credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(missing, "config"));
        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "S3_ENDPOINT_URL", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
