using System.Text;

namespace CacheTasks.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Windows consoles and redirected CI logs default to an OEM code page, which loses ✓ and ✗.
        if (OperatingSystem.IsWindows())
        {
            Console.OutputEncoding = Encoding.UTF8;
        }

        return CliApp.RunAsync(args, Console.Out, Console.Error);
    }
}
