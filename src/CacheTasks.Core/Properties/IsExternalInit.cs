#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices;

// Lets netstandard2.0 use records and init-only setters; the compiler only needs the type to exist.
internal static class IsExternalInit
{
}
#endif
