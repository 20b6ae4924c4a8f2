using NativeModel = Orchestration.Hosting.ApplicationModel;

namespace Orchestration.NativeRuntime.Lowering;

/// <summary>
/// A generated Aspire parameter's default, kept per machine by the engine (0600, in the AppHost's state
/// folder): a database initialised with a generated password keeps accepting it on the next run.
/// </summary>
internal sealed class GeneratedAspireParameterDefault(Aspire.Hosting.ApplicationModel.ParameterDefault aspireDefault) : NativeModel.ParameterDefault
{
    public override bool Persist => true;

    public override string GetDefaultValue() => aspireDefault.GetDefaultValue();

    /// <summary>
    /// The engine's form of an Aspire default. Aspire's constant default is not public, so a default that
    /// gives the same value twice is taken as fixed (so is one Aspire already keeps in user secrets), and
    /// one that differs as generated.
    /// </summary>
    public static NativeModel.ParameterDefault For(Aspire.Hosting.ApplicationModel.ParameterDefault aspireDefault)
    {
        var first = aspireDefault.GetDefaultValue();
        return first == aspireDefault.GetDefaultValue()
            ? new NativeModel.ConstantParameterDefault(first)
            : new GeneratedAspireParameterDefault(aspireDefault);
    }
}

/// <summary>A fixed value an Aspire expression gives a container (e.g. a password written as an expression), evaluated when first read.</summary>
internal sealed class AspireValueDefault(object value) : NativeModel.ParameterDefault
{
    public override string GetDefaultValue() => AspireValue.EvaluateAsync(value, CancellationToken.None).AsTask().GetAwaiter().GetResult() ?? "";
}
