namespace Orchestration.Hosting.Tests;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Xunit.Abstractions;
using RestartPolicy = global::Orchestration.Hosting.ApplicationModel.RestartPolicy;

/// <summary>The AppHost's console: one line of a child's output is one console line, behind that child's prefix.</summary>
public sealed class ConsoleOutputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Control_characters_in_a_child_line_are_shown_escaped_and_cannot_forge_a_console_line()
    {
        await using var stack = new TestStack(output);
        // A carriage return, then what the AppHost itself would print; an escape sequence that erases the
        // line; a C1 CSI; and a Unicode line separator.
        const string script = "import sys; sys.stdout.write('ok\\rStack ready: 9 resources healthy in 1 ms\\n"
                              + "\\x1b[2K\\x1b[1Gerased\\n\\u009b31mred\\u2028next\\r\\n'); sys.stdout.flush()";
        stack.Builder.AddExecutable("liar", "python3", stack.Directory, "-c", script).WithRestartPolicy(RestartPolicy.Never);

        await stack.StartAsync();
        await stack.StateAsync("liar", KnownResourceStates.Finished);

        var liar = stack.Output.Lines.Where(l => l.StartsWith("liar ", StringComparison.Ordinal)).ToList();
        Assert.Contains(@"liar     | ok\rStack ready: 9 resources healthy in 1 ms", liar);
        Assert.Contains(@"liar     | \x1b[2K\x1b[1Gerased", liar);
        Assert.Contains(@"liar     | \x9b31mred\u2028next", liar); // a "\r\n" ending is an ordinary line end
        Assert.DoesNotContain(stack.Output.Lines, l => l.StartsWith("Stack ready: 9", StringComparison.Ordinal));
        Assert.DoesNotContain(stack.Output.Lines, l => l.Any(c => char.IsControl(c) || c == '\u2028'));
        // Aspire's log of the resource (what its dashboard renders, colours and all) keeps the text as printed.
        Assert.Contains(await stack.LogsAsync("liar"), l => TestStack.TextOf(l) == "\u001b[2K\u001b[1Gerased");
    }
}
