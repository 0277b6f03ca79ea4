using Microsoft.Extensions.Options;

namespace Zhtp.Storage.Unified.Hosting;

/// <summary>Runs <see cref="ZhtpStorageOptions.Validate"/> for the options system, naming each bad field by its key under the bound section.</summary>
internal sealed class ZhtpStorageOptionsValidator(string sectionPath) : IValidateOptions<ZhtpStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, ZhtpStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> errors = options.Validate(sectionPath);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
