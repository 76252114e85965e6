package dev.statewright.interpreter.conformance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The known-failures list held to the cases that ran: every failure must be named on it, and every
 * case on it that ran must still fail (else it belongs off the list). Prints a line for each
 * offender, so the build's output says which cases to look at.
 *
 * @param unexpected the failures the list does not name, as {@code name: problem}
 * @param nowPassing the cases the list names that ran and passed
 */
public record KnownFailuresVerdict(List<String> unexpected, List<String> nowPassing) {

    /** @param failures the problem of each case that failed, by name */
    public static KnownFailuresVerdict of(Map<String, String> knownFailures, List<ConformanceCase> ran,
                                          Map<String, String> failures) {
        List<String> unexpected = failures.entrySet().stream().filter(f -> !knownFailures.containsKey(f.getKey()))
                .map(f -> f.getKey() + ": " + f.getValue()).toList();
        List<String> nowPassing = ran.stream().map(ConformanceCase::name)
                .filter(name -> knownFailures.containsKey(name) && !failures.containsKey(name)).toList();
        return new KnownFailuresVerdict(unexpected, nowPassing);
    }

    /** Prints the offenders, then fails if there are any. */
    public void assertListIsExact() {
        unexpected.forEach(line -> System.out.println("UNEXPECTED FAILURE " + line));
        nowPassing.forEach(name -> System.out.println("NOW PASSING (remove from the known-failures list) " + name));
        assertThat(unexpected).as("cases failing that the known-failures list does not name").isEmpty();
        assertThat(nowPassing).as("cases that pass now: take them off the known-failures list").isEmpty();
    }
}
