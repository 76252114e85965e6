package dev.statewright.api.store.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the PostgreSQL store is: {@code postgresql://user:password@host:port/database?options} (the
 * form libpq and most tools take; {@code postgres://} too), or a JDBC URL as it is. The user and
 * password go to the driver apart, so they never show in a JDBC URL that is logged.
 *
 * @param jdbcUrl  the driver's URL, without user and password
 * @param user     null when the URL names none
 * @param password null when the URL names none
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    /** Reads a URL given on the command line; throws IllegalArgumentException saying what is wrong with it. */
    public static DatabaseUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The database URL is empty; give postgresql://user:password@host:port/database");
        }
        String given = text.trim();
        if (given.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(given, null, null);
        }
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The database URL does not read (" + e.getReason()
                    + "); give postgresql://user:password@host:port/database");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("The database URL must start with postgresql:// (PostgreSQL is the one"
                    + " database the service runs on besides its embedded store), not: " + redacted(given));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("The database URL names no host: " + redacted(given));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.length() <= 1) {
            throw new IllegalArgumentException("The database URL names no database (…/database at its end): " + redacted(given));
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String host = uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, user, password);
    }

    /** The URL as it may be shown: the password replaced. */
    public String shown() {
        return jdbcUrl + (user == null ? "" : " as " + user);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private static String redacted(String url) {
        return url.replaceFirst("://([^:@/]*):[^@/]*@", "://$1:***@");
    }
}
