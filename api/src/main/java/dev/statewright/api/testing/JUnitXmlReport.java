package dev.statewright.api.testing;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The JUnit XML report CI systems read (Jenkins, GitLab, GitHub's test reporters): one
 * {@code testsuite}, a {@code testcase} per test, a {@code failure} for a test that ran and
 * differed, an {@code error} for one that could not run.
 */
public final class JUnitXmlReport {
    private JUnitXmlReport() {
    }

    public static void write(Path file, String suiteName, List<TestVerdict> verdicts) throws IOException {
        long failures = verdicts.stream().filter(v -> v.problem() == null && !v.passed()).count();
        long errors = verdicts.stream().filter(v -> v.problem() != null).count();
        double total = verdicts.stream().mapToLong(v -> v.time().toNanos()).sum() / 1e9;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suiteName);
            xml.writeAttribute("tests", String.valueOf(verdicts.size()));
            xml.writeAttribute("failures", String.valueOf(failures));
            xml.writeAttribute("errors", String.valueOf(errors));
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("time", seconds(total));
            for (TestVerdict verdict : verdicts) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", verdict.name());
                xml.writeAttribute("classname", verdict.source());
                xml.writeAttribute("time", seconds(verdict.time().toNanos() / 1e9));
                if (verdict.problem() != null) {
                    xml.writeStartElement("error");
                    xml.writeAttribute("message", verdict.problem());
                    xml.writeCharacters(verdict.problem());
                    xml.writeEndElement();
                } else if (!verdict.passed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", verdict.mismatches().get(0));
                    xml.writeCharacters(String.join("\n", verdict.mismatches()));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Cannot write the JUnit XML report " + file + ": " + e.getMessage(), e);
        }
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
