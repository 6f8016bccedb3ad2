package io.jitprov.config.setup;

import io.jitprov.core.internal.Html;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The markup of the setup pages: one layout, and the few pieces every step uses. Every value
 * goes through {@link #esc}; nothing a person or an IdP wrote is ever markup.
 */
final class SetupHtml {

    /** The steps, as the navigation lists them: path below the mount point, and text key. */
    static final List<String[]> STEPS = List.of(new String[] {"/domain", "step.domain"},
            new String[] {"/idp", "step.idp"}, new String[] {"/roles", "step.roles"}, new String[] {"/", "step.activate"});

    private SetupHtml() {
    }

    static String esc(@Nullable String value) {
        return value == null ? "" : Html.escape(value);
    }

    /**
     * A whole page. {@code base} is the mount point as the browser sees it; {@code tenantLine} and
     * {@code footer} are shown under the title when given; {@code current} marks a step as where the person is.
     */
    static String page(Brand brand, Texts texts, String base, String title, @Nullable String tenantLine,
            @Nullable String current, @Nullable String footer, String body) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append(" – ").append(esc(brand.productName())).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"").append(esc(base)).append("/assets/setup.css\">")
                .append("<link rel=\"stylesheet\" href=\"").append(esc(base)).append("/assets/brand.css\">")
                .append(brand.stylesheet() == null ? "" : "<link rel=\"stylesheet\" href=\"" + esc(brand.stylesheet())
                        + "\">")
                .append("<script src=\"").append(esc(base)).append("/assets/setup.js\" defer></script>")
                .append("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"bar\">");
        if (brand.logoUrl() != null) {
            html.append("<img class=\"logo\" src=\"").append(esc(brand.logoUrl())).append("\" alt=\"\">");
        }
        html.append("<span class=\"product\">").append(esc(brand.productName())).append("</span></header>");
        html.append("<div class=\"layout\">");
        if (current != null) {
            html.append("<nav aria-label=\"").append(esc(texts.get("title"))).append("\"><ol class=\"steps\">");
            for (String[] step : STEPS) {
                boolean here = step[0].equals(current);
                html.append("<li><a href=\"").append(esc(base + step[0])).append('"')
                        .append(here ? " aria-current=\"step\"" : "").append('>').append(esc(texts.get(step[1])))
                        .append("</a></li>");
            }
            html.append("</ol></nav>");
        }
        html.append("<main id=\"main\"><h1>").append(esc(title)).append("</h1>");
        if (tenantLine != null) {
            html.append("<p class=\"tenant\">").append(esc(tenantLine)).append("</p>");
        }
        html.append(body);
        if (footer != null) {
            html.append("<p class=\"footer\">").append(esc(footer)).append("</p>");
        }
        html.append("</main></div><div class=\"sr-only\" role=\"status\" aria-live=\"polite\" id=\"copy-status\"></div>")
                .append("</body></html>");
        return html.toString();
    }

    /** A notice: {@code kind} is {@code ok}, {@code info} or {@code problem}. */
    static String notice(String kind, String text) {
        return "<p class=\"notice " + kind + "\"" + (kind.equals("problem") ? " role=\"alert\"" : " role=\"status\"")
                + ">" + esc(text) + "</p>";
    }

    static String problems(String heading, List<String> problems) {
        StringBuilder html = new StringBuilder("<div class=\"notice problem\" role=\"alert\"><p>").append(esc(heading))
                .append("</p><ul>");
        problems.forEach(problem -> html.append("<li>").append(esc(problem)).append("</li>"));
        return html.append("</ul></div>").toString();
    }

    /** A value to paste elsewhere, with a button that copies it. */
    static String copyable(Texts texts, String id, String label, String value) {
        return "<div class=\"copy\"><span class=\"label\" id=\"" + id + "-label\">" + esc(label) + "</span>"
                + "<code id=\"" + id + "\">" + esc(value) + "</code>"
                + "<button type=\"button\" class=\"secondary\" data-copy=\"" + id + "\" data-copied=\""
                + esc(texts.get("idp.copied")) + "\" aria-describedby=\"" + id + "-label\">" + esc(texts.get("idp.copy"))
                + "</button></div>";
    }

    /** The start of a form posting to {@code action}, with the session's CSRF token. */
    static String form(String action, String csrf) {
        return "<form method=\"post\" action=\"" + esc(action) + "\"><input type=\"hidden\" name=\"csrf\" value=\""
                + esc(csrf) + "\">";
    }
}
