using System.Globalization;

namespace AlphaHost.Sdk.Data;

/// <summary>
/// The dict literal of a .npy header, e.g. <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>.
/// Parses exactly the subset numpy writes (quoted strings, True/False, tuples of integers) and
/// requires exactly the three keys — a strict reader, not a Python evaluator.
/// </summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape)
{
    private static readonly string[] Keys = ["descr", "fortran_order", "shape"];

    public static NpyHeader Parse(string text, string source) => new Parser(text, source).Header();

    private sealed class Parser(string text, string source)
    {
        private int position;

        public NpyHeader Header()
        {
            var values = new Dictionary<string, object>();
            Expect('{');
            while (Peek() != '}')
            {
                string key = String();
                if (!Keys.Contains(key)) throw Bad($"unexpected key '{key}' (expected exactly 'descr', 'fortran_order', 'shape')");
                Expect(':');
                object value = Value();
                if (!values.TryAdd(key, value)) throw Bad($"key '{key}' appears twice");
                if (Peek() == ',') position++;
                else if (Peek() != '}') throw Bad($"expected ',' or '}}' at offset {position}");
            }
            position++;
            SkipSpace();
            if (position != text.Length) throw Bad($"unexpected text after the dict at offset {position}");

            foreach (var key in Keys)
                if (!values.ContainsKey(key)) throw Bad($"missing key '{key}'");
            return new NpyHeader(
                values["descr"] as string ?? throw Bad("'descr' must be a string such as '<f4'"),
                values["fortran_order"] as bool? ?? throw Bad("'fortran_order' must be True or False"),
                values["shape"] as long[] ?? throw Bad("'shape' must be a tuple of integers"));
        }

        private object Value() => Peek() switch
        {
            '\'' or '"' => String(),
            '(' => Tuple(),
            'T' => Word("True", true),
            'F' => Word("False", false),
            var c => throw Bad($"unexpected '{c}' at offset {position} (expected a string, True/False or a tuple)"),
        };

        private string String()
        {
            char quote = Peek();
            if (quote is not ('\'' or '"')) throw Bad($"expected a quoted key at offset {position}");
            int end = text.IndexOf(quote, position + 1);
            if (end < 0) throw Bad($"unterminated string at offset {position}");
            var s = text[(position + 1)..end];
            position = end + 1;
            return s;
        }

        private object Word(string word, bool value)
        {
            if (string.CompareOrdinal(text, position, word, 0, word.Length) != 0) throw Bad($"expected {word} at offset {position}");
            position += word.Length;
            return value;
        }

        private long[] Tuple()
        {
            Expect('(');
            var dims = new List<long>();
            while (Peek() != ')')
            {
                int start = position;
                while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
                if (start == position || !long.TryParse(text.AsSpan(start, position - start), NumberStyles.None, CultureInfo.InvariantCulture, out long d))
                    throw Bad($"expected a non-negative integer dimension at offset {start}");
                dims.Add(d);
                if (Peek() == ',') position++;
                else if (Peek() != ')') throw Bad($"expected ',' or ')' in 'shape' at offset {position}");
            }
            position++;
            return dims.ToArray();
        }

        private void Expect(char c)
        {
            if (Peek() != c) throw Bad($"expected '{c}' at offset {position}");
            position++;
        }

        /// <summary>The next non-space character ('\0' at the end), leaving the position on it.</summary>
        private char Peek()
        {
            SkipSpace();
            return position < text.Length ? text[position] : '\0';
        }

        private void SkipSpace()
        {
            while (position < text.Length && text[position] is ' ' or '\n' or '\t' or '\r') position++;
        }

        private InvalidDataException Bad(string what) => new($"{source}: bad .npy header: {what}; header was {Quote(text)}");

        private static string Quote(string s)
        {
            s = s.TrimEnd();
            return s.Length > 120 ? s[..120] + "…" : s;
        }
    }
}
