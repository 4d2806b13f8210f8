using System.Collections;
using System.Text;
using System.Text.Json;

namespace AlphaHost.Host.Reports;

/// <summary>Writes metrics.json: plain numbers by key; NaN and infinities (not measurable) become null, which JSON can hold.</summary>
public static class MetricsJson
{
    public static string Render(IReadOnlyDictionary<string, object> metrics)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var (key, value) in metrics)
            {
                json.WritePropertyName(key);
                WriteValue(json, key, value);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static void Write(string path, IReadOnlyDictionary<string, object> metrics) =>
        File.WriteAllText(path, Render(metrics));

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case string s: json.WriteStringValue(s); break;
            case double d when !double.IsFinite(d): json.WriteNullValue(); break;
            case float f when !float.IsFinite(f): json.WriteNullValue(); break;
            case double d: json.WriteNumberValue(d); break;
            case float f: json.WriteNumberValue(f); break;
            case decimal m: json.WriteNumberValue(m); break;
            case int or long or short or byte: json.WriteNumberValue(Convert.ToInt64(value)); break;
            case DateOnly date: json.WriteStringValue(date.ToString("yyyy-MM-dd")); break;
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    json.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!);
                    WriteValue(json, $"{key}.{entry.Key}", entry.Value);
                }
                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                int i = 0;
                foreach (var item in items) WriteValue(json, $"{key}[{i++}]", item);
                json.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"metrics key '{key}': a {value.GetType().Name} is not a plain number, string, array or dictionary");
        }
    }
}
