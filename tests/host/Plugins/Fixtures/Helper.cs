// A separate library that UsesHelper depends on; leaving it out of the folder is a missing dependency.
namespace FixtureHelper;

public static class Greeting
{
    public static string Text => "hello from the helper";
}
