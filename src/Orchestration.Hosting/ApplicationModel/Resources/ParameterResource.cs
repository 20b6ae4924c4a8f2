using System.Security.Cryptography;

namespace Orchestration.Hosting.ApplicationModel;

/// <summary>
/// A value supplied from outside the model: configuration key <c>Parameters:{name}</c> (appsettings,
/// environment variable <c>Parameters__{name}</c>, command line), else its default.
/// </summary>
internal sealed class ParameterResource(string name, bool secret, ParameterDefault? @default, string? configurationKey = null) : Resource(name), IValueProvider
{
    /// <summary>Whether the value is a secret: masked in output, a Secret when published.</summary>
    public bool Secret { get; } = secret;

    /// <summary>Where the value comes from when configuration has none; null when it is required.</summary>
    public ParameterDefault? Default { get; } = @default;

    /// <summary>The configuration key users set.</summary>
    public string ConfigurationKey { get; } = configurationKey ?? $"Parameters:{name}";

    /// <inheritdoc />
    public ValueTask<string?> GetValueAsync(ValueResolver resolver, CancellationToken cancellationToken = default)
        => resolver.ResolveParameterAsync(this, cancellationToken);
}

/// <summary>A parameter's value when configuration sets none.</summary>
internal abstract class ParameterDefault
{
    /// <summary>Whether the value is kept per machine once made, so data volumes keep working across runs.</summary>
    public virtual bool Persist => false;

    /// <summary>Makes the value.</summary>
    public abstract string GetDefaultValue();
}

/// <summary>A fixed default.</summary>
internal sealed class ConstantParameterDefault(string value) : ParameterDefault
{
    /// <inheritdoc />
    public override string GetDefaultValue() => value;
}

/// <summary>
/// A strong random value made once and kept per machine (in a 0600 file outside the repository),
/// so a database initialised with it keeps accepting it on the next run.
/// </summary>
internal sealed class GenerateParameterDefault : ParameterDefault
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";

    /// <summary>The length of the value (default 22: over 128 bits from letters and digits; at least 8).</summary>
    public int MinLength
    {
        get => _minLength;
        init => _minLength = value >= 8 ? value : throw new ArgumentOutOfRangeException(nameof(MinLength), value, "A generated secret needs at least 8 characters.");
    }

    private readonly int _minLength = 22;

    /// <inheritdoc />
    public override bool Persist => true;

    /// <inheritdoc />
    public override string GetDefaultValue()
    {
        // Letters and digits only: the value lands in connection strings, URLs and shell-free argv,
        // where punctuation needs escaping somewhere. At least one of each class, as many policies want.
        const string all = Lower + Upper + Digits;
        var chars = new char[MinLength];
        chars[0] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[1] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var i = 3; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
