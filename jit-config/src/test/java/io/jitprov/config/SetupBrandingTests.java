package io.jitprov.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitprov.config.setup.JitSetup;
import io.jitprov.servlet.TestApp;
import java.net.http.HttpResponse;
import java.util.MissingResourceException;
import org.junit.jupiter.api.Test;

/** The setup pages in the application's colours and words: its stylesheet after jit's, its texts over jit's. */
class SetupBrandingTests extends SetupTestBase {

    @Test
    void pagesWhenStylesheetLogoColourAndMessagesGivenThenTheyAreUsedAndTheRestIsJits() throws Exception {
        TestApp branded = nodes.nodeWithSetup(dns.url(), setup -> setup.stylesheet("/static/acme-setup.css")
                .logoUrl("/static/logo.svg").accentColour("#ffd43b").messages("io.jitprov.config.test-setup"));
        app = branded;
        TestApp admin = opened(issueLink("initech"));

        HttpResponse<String> overview = admin.get(SETUP + "/");
        HttpResponse<String> brand = admin.get(SETUP + "/assets/brand.css");

        assertThat(overview.body()).contains("<link rel=\"stylesheet\" href=\"/static/acme-setup.css\">")
                .contains("<img class=\"logo\" src=\"/static/logo.svg\" alt=\"\">")
                .contains("Welcome to Acme Cloud&#39;s single sign-on setup.")
                .contains("Prove your domain");
        assertThat(brand.body()).as("dark text on a light accent").contains("--accent:#ffd43b;--on-accent:#000000");
    }

    @Test
    void builderWhenStylesheetLeavesTheSiteOrBundleIsMissingThenRefused() {
        JitSetup.Builder setup = JitSetup.builder(nodes.backOffice);

        for (String path : new String[] {"https://cdn.example/x.css", "//cdn.example/x.css", "static/x.css",
                "/x.css\"><script>"}) {
            assertThatThrownBy(() -> setup.stylesheet(path)).as(path).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> setup.messages("com.example.nowhere")).isInstanceOf(MissingResourceException.class);
        assertThatThrownBy(() -> setup.accentColour("red; } body { display:none")).isInstanceOf(
                IllegalArgumentException.class);
    }
}
