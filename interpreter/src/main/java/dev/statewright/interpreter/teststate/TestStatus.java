package dev.statewright.interpreter.teststate;

/** How one attempt of a tested state ended. */
public enum TestStatus {
    /** It exited normally. */
    SUCCEEDED,
    /** It failed, and no Retrier or Catcher took the error. */
    FAILED,
    /** It failed, and a Retrier with attempts left would run it again. */
    RETRIABLE,
    /** It failed, and a Catcher took the error. */
    CAUGHT_ERROR
}
