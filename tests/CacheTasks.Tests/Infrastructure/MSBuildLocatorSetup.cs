using System.Runtime.CompilerServices;
using Microsoft.Build.Locator;

namespace CacheTasks.Tests.Infrastructure;

internal static class MSBuildLocatorSetup
{
    // Before any MSBuild type loads, point the runtime at the SDK's own MSBuild, as a real build uses.
    [ModuleInitializer]
    internal static void Register()
    {
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }
}
