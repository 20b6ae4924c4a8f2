using Xunit.Abstractions;

namespace Orchestration.Tests.Shared;

/// <summary>The AppHost's console, a line at a time, into the test's own log (compiled into each test project).</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    private readonly System.Text.StringBuilder _line = new();

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_line)
        {
            if (value != '\n') { _line.Append(value); return; }
            try { output.WriteLine(_line.ToString()); } catch (InvalidOperationException) { /* the test has finished */ }
            _line.Clear();
        }
    }
}
