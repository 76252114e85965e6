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
