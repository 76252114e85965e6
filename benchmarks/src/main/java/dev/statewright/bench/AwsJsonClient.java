package dev.statewright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.statewright.interpreter.json.Json;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the service's AWS Step Functions API (JSON 1.0 protocol) over plain HTTP/1.1, one
 * kept-alive connection per calling thread. Deliberately small: the load generator shares the
 * machine with the service, so every microsecond it spends is one the service cannot have (a
 * general-purpose HTTP client costs several times what the service spends on a request).
 */
public final class AwsJsonClient implements AutoCloseable {
    private final int port;
    private final List<Connection> opened = new ArrayList<>();
    private final ThreadLocal<Connection> connections = ThreadLocal.withInitial(this::connect);

    public AwsJsonClient(int port) {
        this.port = port;
    }

    /** Calls an operation; an AWS error answer is thrown with its type and message. */
    public JsonNode call(String operation, ObjectNode request) throws IOException {
        byte[] body = Json.write(request).getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + "X-Amz-Target: AWSStepFunctions." + operation + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        Connection connection = connections.get();
        String statusLine = send(connection, head, body);
        if (statusLine == null) {
            // The service closed a connection left idle past its timeout: it never read this call; once more anew.
            connection.socket.close();
            connections.remove();
            connection = connections.get();
            statusLine = send(connection, head, body);
            if (statusLine == null) {
                throw new IOException(operation + ": the service closed the connection");
            }
        }
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2) {
            throw new IOException(operation + ": the service answered '" + statusLine + "'");
        }
        int length = -1;
        boolean chunked = false;
        for (String line = readLine(connection.in); !line.isEmpty(); line = readLine(connection.in)) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        byte[] answer = chunked ? readChunked(connection.in) : connection.in.readNBytes(Math.max(length, 0));
        String text = new String(answer, StandardCharsets.UTF_8);
        if (!status[1].equals("200")) {
            throw new IOException(operation + " answered " + status[1] + ": " + text);
        }
        return Json.parse(text);
    }

    /** Sends a call; its answer's status line, or null when the connection was closed before any of it came. */
    private static String send(Connection connection, String head, byte[] body) throws IOException {
        try {
            connection.out.write(head.getBytes(StandardCharsets.US_ASCII));
            connection.out.write(body);
            connection.out.flush();
        } catch (java.net.SocketException closed) {
            return null;
        }
        int first;
        try {
            first = connection.in.read();
        } catch (java.net.SocketException reset) {
            return null;
        }
        if (first < 0) {
            return null;
        }
        return (char) first + readLine(connection.in);
    }

    private Connection connect() {
        try {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            Connection connection = new Connection(socket, new BufferedInputStream(socket.getInputStream()),
                    new BufferedOutputStream(socket.getOutputStream()));
            synchronized (opened) {
                opened.add(connection);
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot connect to the service on port " + port, e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("The service closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(readLine(in).trim(), 16); size > 0; size = Integer.parseInt(readLine(in).trim(), 16)) {
            body.write(in.readNBytes(size));
            readLine(in);
        }
        readLine(in);
        return body.toByteArray();
    }

    @Override
    public void close() {
        synchronized (opened) {
            for (Connection connection : opened) {
                try {
                    connection.socket.close();
                } catch (IOException ignored) {
                    // closing at the end of a run: nothing to do about it
                }
            }
            opened.clear();
        }
    }

    private record Connection(Socket socket, InputStream in, OutputStream out) {
    }
}
