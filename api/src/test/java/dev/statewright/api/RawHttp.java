package dev.statewright.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, so a test controls every header (Host, Origin) exactly
 * as a browser or an attacker would send it, and sees the bytes the service answers.
 */
public final class RawHttp {
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private RawHttp() {
    }

    /** One answer: status, headers (names in lower case) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A POST of AWS's JSON 1.0 protocol to {@code /}, with extra header lines (each "Name: value"). */
    public static Response aws(int port, String host, String operation, String body, String... headers) throws IOException {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Amz-Target: AWSStepFunctions." + operation;
        all[1] = "Content-Type: application/x-amz-json-1.0";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(port, "POST", "/", host, body, all);
    }

    /** Sends one request with {@code Connection: close} and reads the whole answer. */
    public static Response send(int port, String method, String path, String host, String body, String... headers)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request(method, path, host, body, headers).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /** The text of a request that closes its connection; {@code host} null sends no Host header. */
    public static String request(String method, String path, String host, String body, String... headers) {
        return text(method, path, host, body, true, headers);
    }

    /** The text of a request that keeps its connection open for the next one. */
    public static String keepAlive(String method, String path, String host, String body, String... headers) {
        return text(method, path, host, body, false, headers);
    }

    private static String text(String method, String path, String host, String body, boolean close, String... headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        if (host != null) {
            text.append("Host: ").append(host).append("\r\n");
        }
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        text.append("Content-Length: ").append(bytes.length).append(close ? "\r\nConnection: close" : "").append("\r\n\r\n");
        return text + (body == null ? "" : body);
    }

    /** Reads one answer to its end (the server closes the connection after it). */
    public static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete answer: '" + text + "'");
        }
        return response(text.substring(0, end), text.substring(end + 4));
    }

    /** Reads one answer by its Content-Length, leaving the connection open for the next request. */
    public static Response readOne(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before an answer: '" + head + "'");
            }
            head.write(b);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        Response headOnly = response(headText.substring(0, headText.length() - 4), "");
        String length = headOnly.header("Content-Length");
        byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
        return new Response(headOnly.status(), headOnly.headers(), new String(body, StandardCharsets.UTF_8));
    }

    private static Response response(String head, String body) {
        String[] lines = head.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }
}
