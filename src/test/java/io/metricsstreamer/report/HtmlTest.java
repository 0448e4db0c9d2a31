package io.metricsstreamer.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metricsstreamer.json.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Strings into HTML text and JSON into a script element. */
class HtmlTest {
    @Test
    void markupCharactersBecomeReferencesAndControlCharactersAReplacement() {
        assertThat(Html.text("<a href=\"x\" title='y'>&amp;</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
        assertThat(Html.text("a\u0000b\u001bc\u007fd\te\nf")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\te\nf");
        assertThat(Html.text("GET /caf\u00e9 \uD83D\uDE80")).isEqualTo("GET /caf\u00e9 \uD83D\uDE80");
        assertThat(Html.text(null)).isEmpty();
    }

    @Test
    void jsonInAScriptElementCannotEndItAndParsesBackTheSame() throws IOException {
        ObjectNode value = Json.mapper().createObjectNode();
        value.put("name", "</script><!-- & \u2028\u2029 -->");
        String json = Html.scriptJson(Json.mapper().writeValueAsString(value));

        assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029");
        assertThat(Json.mapper().readTree(json)).isEqualTo(value);
    }
}
