package io.jitprov.testidp;

import io.jitprov.core.internal.Html;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The test IdP's few pages: the person picker, the self-posting answer, and plain messages. */
final class Pages {

    /** The page's script runs under this nonce; the server's Content-Security-Policy names it. */
    static final String SCRIPT_NONCE_PLACEHOLDER = "{nonce}";

    private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;"
            + "padding:0 1rem;color:#1a1a1a}h1{font-size:1.4rem}.person{display:block;width:100%;text-align:left;"
            + "padding:.7rem 1rem;margin:.5rem 0;border:1px solid #888;border-radius:6px;background:#fff;font:inherit;"
            + "cursor:pointer}.person:hover,.person:focus{border-color:#0b57d0;outline:2px solid #0b57d0}"
            + ".groups{color:#555;font-size:.9rem}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0}"
            + "label{display:block;margin:.4rem 0}select,input{font:inherit;padding:.3rem;max-width:100%}"
            + "h2{font-size:1.1rem;margin-top:1.5rem}code{overflow-wrap:anywhere}.note{color:#555;font-size:.9rem}";

    private Pages() {
    }

    static String escape(String value) {
        return Html.escape(value);
    }

    static String withQuery(String url, Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
        return url + (url.contains("?") ? "&" : "?") + query;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A page that posts {@code answer} as soon as it loads; a button does it without JavaScript. */
    static String autoPost(TestIdp.Answer answer) {
        StringBuilder form = new StringBuilder("<form method=\"post\" action=\"").append(escape(answer.url())).append("\">");
        answer.fields().forEach((name, value) -> form.append(hidden(name, value)));
        form.append("<noscript><p>JavaScript is off: continue by hand.</p></noscript>"
                + "<button type=\"submit\" id=\"continue\">Continue to the application</button></form>"
                + "<script nonce=\"" + SCRIPT_NONCE_PLACEHOLDER + "\">document.forms[0].submit()</script>");
        return page("Signing in", form.toString());
    }

    /**
     * The picker: the options first (a failure to answer with, a second factor), then one button per
     * person. The form posts back to {@code action} with the pending request's key.
     */
    static String picker(String protocol, String audience, String action, String pending, List<TestPerson> people) {
        StringBuilder body = new StringBuilder("<h1>jit test IdP</h1><p>").append(escape(protocol))
                .append(" sign-in for <code>").append(escape(audience)).append("</code></p><form method=\"post\" action=\"")
                .append(escape(action)).append("\">").append(hidden("pending", pending))
                .append("<fieldset><legend>Options for this sign-in</legend><label for=\"failure\">Answer with</label>"
                        + "<select name=\"failure\" id=\"failure\"><option value=\"\">a valid sign-in</option>");
        for (TestIdp.Failure failure : TestIdp.Failure.values()) {
            if (failure != TestIdp.Failure.TOKEN_ENDPOINT_ERROR || protocol.equals("OpenID Connect")) {
                body.append("<option value=\"").append(failure.name()).append("\">").append(escape(failure.words()))
                        .append("</option>");
            }
        }
        body.append("</select><label><input type=\"checkbox\" name=\"mfa\" value=\"on\" id=\"mfa\"> Confirmed with a"
                + " second factor</label><label for=\"groups\">Instead of the person's groups, send these"
                + " (comma-separated)</label><input id=\"groups\" name=\"groups\" size=\"50\""
                + " placeholder=\"e.g. staff, admins\"></fieldset><h2>Sign in as</h2>");
        for (int i = 0; i < people.size(); i++) {
            TestPerson person = people.get(i);
            body.append("<button class=\"person\" type=\"submit\" name=\"person\" id=\"person-")
                    .append(escape(person.subject()))
                    .append("\" value=\"").append(i).append("\"><strong>").append(escape(person.name()))
                    .append("</strong> &lt;").append(escape(person.email())).append("&gt;<br><span class=\"groups\">")
                    .append(person.groups().isEmpty() ? "no groups" : "groups: " + escape(String.join(", ", person.groups())))
                    .append("</span></button>");
        }
        body.append("</form><p class=\"note\">A test IdP signs in whoever is picked: never trust it outside tests.</p>");
        return page("jit test IdP: sign in", body.toString());
    }

    static String message(String title, String text) {
        return page(title, "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p>");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width,initial-scale=1\"><title>" + escape(title) + "</title><style nonce=\""
                + SCRIPT_NONCE_PLACEHOLDER + "\">" + STYLE + "</style></head><body>" + body + "</body></html>";
    }
}
