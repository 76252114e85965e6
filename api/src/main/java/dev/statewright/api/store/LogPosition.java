package dev.statewright.api.store;

/** A place in the write-ahead log: a segment file's number and a byte offset in it. */
record LogPosition(long segment, long offset) {

    static LogPosition parse(String text) {
        int colon = text.indexOf(':');
        return new LogPosition(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return segment + ":" + offset;
    }
}
