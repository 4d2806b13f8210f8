namespace AlphaHost.Host.Market.Import;

/// <summary>Accounting of one import: every data row read is either imported or rejected.</summary>
public sealed record ImportResult(long Read, long Imported, long Rejected, long Inserted, TimeSpan Elapsed);

/// <summary>A rejected row: where it is and why.</summary>
public sealed record RejectedRow(string File, long Line, string Reason, string Row);
