namespace AlphaHost.Host.Market.Import;

/// <summary>Splits one CSV line into fields (RFC 4180 quoting: "a,b" and "" for a quote inside quotes).</summary>
public static class CsvFields
{
    /// <summary>
    /// Fills <paramref name="fields"/> with ranges into <paramref name="text"/> (the line itself, or its
    /// unquoted copy when it has quotes). Returns an error text for an unterminated quote, else null.
    /// </summary>
    public static string? Split(string line, List<Range> fields, out string text)
    {
        fields.Clear();
        text = line;
        if (line.IndexOf('"') < 0)
        {
            int start = 0;
            for (int i = line.IndexOf(','); i >= 0; i = line.IndexOf(',', start))
            {
                fields.Add(new Range(start, i));
                start = i + 1;
            }
            fields.Add(new Range(start, line.Length));
            return null;
        }
        var unquoted = new System.Text.StringBuilder(line.Length);
        int fieldStart = 0;
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch != '"') unquoted.Append(ch);
                else if (i + 1 < line.Length && line[i + 1] == '"') { unquoted.Append('"'); i++; }
                else quoted = false;
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(new Range(fieldStart, unquoted.Length)); fieldStart = unquoted.Length; }
            else unquoted.Append(ch);
        }
        if (quoted) return "unterminated quoted field";
        fields.Add(new Range(fieldStart, unquoted.Length));
        text = unquoted.ToString();
        return null;
    }

    /// <summary>The fields as strings (headers, tests).</summary>
    public static List<string> ToStrings(string text, List<Range> fields) => fields.Select(r => text[r]).ToList();

    /// <summary>Quotes a value for writing when it holds a comma, quote or line break.</summary>
    public static string Escape(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
