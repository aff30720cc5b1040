package io.cutover.real;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The differences from kube-apiserver the project accepts, as docs/design.md lists them under
 * {@value #HEADING}: one line each, {@code - `probe-id` `fact`: reason}. A fact of {@code *} covers every fact of the
 * probe (a probe that is one row per case, such as the hostile-spec table). A line under the heading that is not of
 * that form is an error, so no entry can be silently ignored.
 */
record AcceptedDifferences(List<Entry> entries) {
  static final String HEADING = "### Accepted differences from kube-apiserver (conformance suite)";
  static final Path DESIGN = Path.of("docs/design.md");
  private static final Pattern LINE = Pattern.compile("^- `([^`]+)` `([^`]+)`: (\\S.*)$");

  record Entry(String probe, String fact, String reason) {
    boolean covers(String probeId, String factName) {
      return probe.equals(probeId) && (fact.equals("*") || fact.equals(factName));
    }

    @Override
    public String toString() {
      return "`" + probe + "` `" + fact + "`";
    }
  }

  static AcceptedDifferences load() {
    try {
      return parse(Files.readString(DESIGN));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AcceptedDifferences parse(String design) {
    List<String> lines = design.lines().toList();
    int start = lines.indexOf(HEADING);
    if (start < 0) {
      throw new IllegalStateException(DESIGN + " has no heading " + HEADING);
    }
    List<Entry> entries = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      if (line.startsWith("- ")) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          throw new IllegalStateException("not of the form - `probe-id` `fact`: reason: " + line);
        }
        entries.add(new Entry(m.group(1), m.group(2), m.group(3)));
      } else if (line.startsWith("  ") && !entries.isEmpty()) {
        Entry last = entries.remove(entries.size() - 1); // a reason wrapped onto the next line
        entries.add(new Entry(last.probe(), last.fact(), last.reason() + " " + line.strip()));
      }
    }
    return new AcceptedDifferences(List.copyOf(entries));
  }

  List<Entry> of(String probeId) {
    return entries.stream().filter(e -> e.probe().equals(probeId)).toList();
  }
}
