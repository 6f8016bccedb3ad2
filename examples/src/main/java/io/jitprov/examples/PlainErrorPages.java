package io.jitprov.examples;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The container's own error pages (a URI Jetty refuses before any servlet sees it, a 404 nobody
 * answered) in the demo's words: a status and a sentence, never the server's name and version,
 * the request URI or an exception.
 */
final class PlainErrorPages extends ErrorHandler {

    PlainErrorPages() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setShowOrigin(false);
    }

    @Override
    protected void writeErrorHtml(Request request, Writer writer, Charset charset, int code, String message,
            Throwable cause) throws IOException {
        String title = switch (code) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413, 414, 431 -> "Request too large";
            default -> code >= 500 ? "Something went wrong" : "Request refused";
        };
        String sentence = code >= 500 ? "Something went wrong on our side. Please try again in a minute."
                : code == 404 ? "There is no page here." : "This request cannot be answered. Check the address.";
        writer.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"" + charset.name() + "\"><title>" + title
                + "</title></head><body style=\"font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto\">"
                + "<h1>" + title + "</h1><p>" + sentence + "</p><p><a href=\"/\">Home</a></p></body></html>");
    }
}
