package dev.statewright.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "development" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Statewright.class.getPackage().getImplementationVersion();
        return new String[] {"statewright " + (version != null ? version : "development")};
    }
}
