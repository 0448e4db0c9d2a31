package io.metricsstreamer.report;

/**
 * Text into HTML: every string that came from the run passes through {@link #text} before it joins the page, in
 * element content and in double-quoted attribute values alike.
 */
final class Html {
    private Html() {
    }

    /**
     * {@code s} as HTML text: {@code & < > " '} as character references, and control characters other than tab,
     * line feed and carriage return (which HTML does not allow in text) as U+FFFD. Null is the empty string.
     */
    static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /**
     * A JSON text made safe inside a {@code <script type="application/json">} element: {@code <}, {@code >} and
     * {@code &} (which JSON allows only inside strings) as {@code \}u escapes, so no {@code </script>} or
     * {@code <!--} can end or bend the element, and the text still parses to the same value.
     */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
