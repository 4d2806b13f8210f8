namespace AlphaHost.Plugins.Market.Import;

/// <summary>Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote inside quotes).</summary>
public static class CsvFields
{
    /// <summary>Fills <paramref name="fields"/>; returns an error text for an unterminated quote, else null.</summary>
    public static string? Split(string line, List<string> fields)
    {
        fields.Clear();
        if (line.IndexOf('"') < 0)
        {
            int start = 0;
            for (int i = 0; i <= line.Length; i++)
            {
                if (i < line.Length && line[i] != ',') continue;
                fields.Add(line.Substring(start, i - start));
                start = i + 1;
            }
            return null;
        }
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch != '"') current.Append(ch);
                else if (i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(ch);
        }
        if (quoted) return "unterminated quoted field";
        fields.Add(current.ToString());
        return null;
    }

    /// <summary>Quotes a value for writing when it holds a comma, quote or line break.</summary>
    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
