namespace Zhtp.Storage.Content.Manager;

/// <summary>
/// The content this manager's owner uploaded and has not deleted: the set the maintenance loop
/// renews and repairs. Kept in memory, and in <c>owned-content.txt</c> (one id per line, rewritten
/// through a temporary file) when a data directory is set.
/// </summary>
internal sealed class OwnedContent
{
    private readonly string? _path;
    private readonly HashSet<ContentId> _ids = [];

    public OwnedContent(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "owned-content.txt");
        if (File.Exists(_path))
        {
            foreach (string line in File.ReadLines(_path))
            {
                if (ContentId.TryParse(line.Trim(), out ContentId id))
                {
                    _ids.Add(id);
                }
            }
        }
    }

    public IReadOnlyList<ContentId> Snapshot()
    {
        lock (_ids)
        {
            return [.. _ids];
        }
    }

    public void Add(ContentId id) => Change(() => _ids.Add(id));

    public void Remove(ContentId id) => Change(() => _ids.Remove(id));

    private void Change(Func<bool> change)
    {
        lock (_ids)
        {
            if (!change() || _path is null)
            {
                return;
            }

            string temporary = _path + ".tmp";
            File.WriteAllLines(temporary, _ids.Select(id => id.ToString()));
            File.Move(temporary, _path, overwrite: true);
        }
    }
}
