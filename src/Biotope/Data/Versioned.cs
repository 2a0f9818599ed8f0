namespace Biotope.Data;

/// <summary>A row edited by people: its version is the concurrency token, bumped with UpdatedAt on every save.</summary>
public interface IVersioned
{
    int Version { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A row that records when it was created.</summary>
public interface ICreated
{
    DateTimeOffset CreatedAt { get; set; }
}
