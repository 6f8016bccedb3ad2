package io.jitprov.saml;

import io.jitprov.core.internal.Html;

import java.util.Map;
import java.util.Objects;

/**
 * An AuthnRequest ready to send with the HTTP-POST binding: a form the browser posts to the IdP.
 * Keep {@link #request()} in the session until the response arrives.
 *
 * @param request the request to expect an answer to
 * @param action the IdP's SSO URL
 * @param fields the form fields (SAMLRequest, and RelayState when there is one)
 * @since 0.1
 */
public record SamlPostForm(PendingAuthnRequest request, String action, Map<String, String> fields) {

    /** Refuses missing components. */
    public SamlPostForm {
        Objects.requireNonNull(request, "request cannot be null");
        Objects.requireNonNull(action, "action cannot be null");
        fields = Map.copyOf(fields);
    }

    /**
     * A small page that posts the form as soon as it loads, with a button for browsers without
     * JavaScript. Every value is HTML-escaped. The page uses an inline {@code onload} handler; a
     * strict Content-Security-Policy must allow it (or render {@link #fields()} yourself).
     */
    public String html() {
        return html(action, fields, "Signing in");
    }

    /** The self-posting page for {@code fields} (SAMLRequest or SAMLResponse, and RelayState), every value escaped. */
    static String html(String action, Map<String, String> fields, String title) {
        StringBuilder page = new StringBuilder(512 + fields.values().stream().mapToInt(String::length).sum())
                .append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
                .append("</title></head><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"")
                .append(Html.escape(action)).append("\">");
        for (String name : new String[] {"SAMLRequest", "SAMLResponse", "RelayState"}) {
            String value = fields.get(name);
            if (value != null) {
                page.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(Html.escape(value)).append("\">");
            }
        }
        return page.append("<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>")
                .toString();
    }
}
