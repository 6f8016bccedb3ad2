package io.jitprov.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitprov.core.JitErrorCodes;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/troubleshooting.md explains every refusal code jit has, and no code it does not have. */
class TroubleshootingPageTests {

    private static final Pattern SECTION = Pattern.compile("^### `([a-z_]+)`\\n\\n- \\*\\*When:\\*\\* (.+)\\n"
            + "- \\*\\*Likely cause:\\*\\* (.+)\\n- \\*\\*Fix:\\*\\* (.+)$", Pattern.MULTILINE);

    private static String page() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("docs/troubleshooting.md"))) {
            dir = dir.getParent();
        }
        return Files.readString(dir.resolve("docs/troubleshooting.md"));
    }

    private static List<String> codes() throws IllegalAccessException {
        List<String> codes = new ArrayList<>();
        for (Field field : JitErrorCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                codes.add((String) field.get(null));
            }
        }
        return codes;
    }

    @Test
    void everyCodeHasWhenCauseAndFixAndEveryExplainedCodeExists() throws Exception {
        Map<String, String> explained = new LinkedHashMap<>();
        Matcher section = SECTION.matcher(page());
        while (section.find()) {
            explained.put(section.group(1), section.group(4));
        }

        assertThat(new TreeSet<>(explained.keySet())).as("codes docs/troubleshooting.md explains")
                .isEqualTo(new TreeSet<>(codes()));
        assertThat(explained.values()).allSatisfy(fix -> assertThat(fix).isNotBlank());
    }
}
