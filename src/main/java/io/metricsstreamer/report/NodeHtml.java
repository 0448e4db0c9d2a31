package io.metricsstreamer.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Any JSON value of the summary as escaped HTML, for the fields the report has no place of its own for: scalars as
 * text, objects as a nested two-column table, arrays of scalars as a list with commas, anything deeper as its JSON.
 */
final class NodeHtml {
    private static final int MAX_DEPTH = 3;

    private NodeHtml() {
    }

    /** {@code value} (named {@code name}, which picks its unit) as HTML. */
    static String of(String name, JsonNode value) {
        return of(name, value, 0);
    }

    /** A table row per field of {@code object} into {@code out}. */
    static void rows(StringBuilder out, Iterator<Map.Entry<String, JsonNode>> fields, int depth) {
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.append("<tr><th scope=\"row\">").append(Html.text(f.getKey())).append("</th><td>")
                    .append(of(f.getKey(), f.getValue(), depth)).append("</td></tr>");
        }
    }

    private static String of(String name, JsonNode value, int depth) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Format.MISSING;
        }
        if (value.isNumber()) {
            return Html.text(Format.named(name, Column.number(value)));
        }
        if (value.isValueNode()) {
            return Html.text(value.asText());
        }
        if (depth >= MAX_DEPTH || value.isArray() && !allScalars(value)) {
            return "<code>" + Html.text(value.toString()) + "</code>";
        }
        if (value.isArray()) {
            StringBuilder list = new StringBuilder();
            for (JsonNode item : value) {
                list.append(list.length() == 0 ? "" : ", ").append(of(name, item, depth + 1));
            }
            return list.length() == 0 ? Format.MISSING : list.toString();
        }
        StringBuilder table = new StringBuilder("<table class=\"nested\"><tbody>");
        rows(table, value.properties().iterator(), depth + 1);
        return table.append("</tbody></table>").toString();
    }

    private static boolean allScalars(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                return false;
            }
        }
        return true;
    }
}
