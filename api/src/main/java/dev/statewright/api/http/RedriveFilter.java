package dev.statewright.api.http;

/** ListExecutions' redriveFilter (AWS's ExecutionRedriveFilter): executions redriven at least once, or never. */
enum RedriveFilter {
    REDRIVEN, NOT_REDRIVEN
}
