package dev.statewright.cli;

/** Exit codes shared by every subcommand. */
final class ExitCodes {
    static final int OK = 0;
    /** The execution failed, or a definition is invalid. */
    static final int FAILED = 1;
    /** A usage error, or a file that cannot be read or parsed. */
    static final int USAGE_OR_IO = 2;

    private ExitCodes() {
    }
}
