package dev.statewright.api.http;

import dev.statewright.api.service.ServiceException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Cuts lists into pages with opaque next tokens, as AWS's list operations do. */
final class Pages {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    record Page<T>(List<T> items, String nextToken) {
    }

    private Pages() {
    }

    /** @param maxResults null or 0 for the default page size */
    static <T> Page<T> of(List<T> all, Integer maxResults, String nextToken, String listName) {
        int size = maxResults == null || maxResults == 0 ? DEFAULT_PAGE : maxResults;
        int from = nextToken == null ? 0 : offset(nextToken, listName);
        if (from < 0 || from > all.size()) { // a token is opaque, but a crafted one must not reach subList
            throw new ServiceException("InvalidToken", "Invalid Token: '" + nextToken + "'");
        }
        int to = Math.min(all.size(), from + size);
        String next = to < all.size() ? token(to, listName) : null;
        return new Page<>(all.subList(from, to), next);
    }

    /** A token that carries a position of the caller's own (a store's cursor, an event id). */
    static String token(String listName, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((listName + ":" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token made by {@link #token(String, String)} carries; InvalidToken when it is not one. */
    static String position(String token, String listName) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith(listName + ":")) {
                throw new IllegalArgumentException(decoded);
            }
            return decoded.substring(listName.length() + 1);
        } catch (IllegalArgumentException e) {
            throw new ServiceException("InvalidToken", "Invalid Token: '" + token + "'");
        }
    }

    /** A whole number a token carries, within [min, max]; InvalidToken otherwise. */
    static long number(String token, String listName, long min, long max) {
        try {
            long value = Long.parseLong(position(token, listName));
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ServiceException("InvalidToken", "Invalid Token: '" + token + "'");
        }
    }

    private static String token(int offset, String listName) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((listName + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token, String listName) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!decoded.startsWith(listName + ":")) {
                throw new IllegalArgumentException(decoded);
            }
            return Integer.parseInt(decoded.substring(listName.length() + 1));
        } catch (IllegalArgumentException e) {
            throw new ServiceException("InvalidToken", "Invalid Token: '" + token + "'");
        }
    }
}
