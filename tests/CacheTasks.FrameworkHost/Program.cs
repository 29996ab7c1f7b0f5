using System;
using System.IO;
using System.Linq;
using System.Reflection;
using CacheTasks.FrameworkHost;

// A task host on .NET Framework: loads a task assembly from its own folder (Assembly.LoadFrom, no
// resolve handler: the folder and this host's own folder are all the loader sees, as in MSBuild),
// runs a script of tasks and writes what they logged and returned, then which assemblies loaded.
// Usage: CacheTasks.FrameworkHost.exe TASK-ASSEMBLY SCRIPT OUTPUT [PRELOAD-ASSEMBLY…]
// A PRELOAD assembly is loaded first, as another task (NuGet's) loads its copy in Visual Studio.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: CacheTasks.FrameworkHost.exe TASK-ASSEMBLY SCRIPT OUTPUT [PRELOAD-ASSEMBLY...]");
    return 2;
}

foreach (var preload in args.Skip(3))
{
    // GetTypes makes the runtime read the whole assembly, as using it would.
    _ = Assembly.LoadFrom(preload).GetTypes();
}

var records = TaskRunner.Run(Assembly.LoadFrom(args[0]), TaskScript.Read(args[1]));
records.AddRange(AppDomain.CurrentDomain.GetAssemblies()
    .Select(a => a.GetName())
    .OrderBy(n => n.Name, StringComparer.Ordinal)
    .Select(n => RecordText.Join(["loaded", n.Name, n.Version?.ToString(), AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().FullName == n.FullName).Location])));
File.WriteAllLines(args[2], records);
return 0;
