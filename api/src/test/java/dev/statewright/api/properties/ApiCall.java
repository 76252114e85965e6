package dev.statewright.api.properties;

/** A generated request of either API, so that one run can mix them. */
interface ApiCall {
    Answer sendThrough(Traffic traffic);
}
