package io.cutover.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The phase diagram in docs/ is drawn from {@link Phase#next()}, the table the phase machine enforces: docs/phases.dot
 * is generated here and docs/phases.svg is what Graphviz's {@code dot} (Debian's graphviz, which .ci/run installs)
 * renders from it. Regenerate both with {@code mvn -o -q test -Dtest=PhaseDiagramTest -Dcutover.regenerate=true}.
 */
class PhaseDiagramTest {
  static final Path DOT = Path.of("docs/phases.dot");
  static final Path SVG = Path.of("docs/phases.svg");
  /** Where a migration stops short of a cutover: drawn dashed, so the way forward reads as one line. */
  static final Set<Phase> STOPPED = EnumSet.of(Phase.RollingBack, Phase.RolledBack, Phase.Failed);

  /** Graphviz source: one node per phase (terminal phases double-circled), one edge per allowed transition. */
  static String dot() {
    StringBuilder b = new StringBuilder();
    b.append("// Generated from io.cutover.api.v1alpha1.Phase#next() by PhaseDiagramTest; do not edit.\n");
    b.append("digraph phases {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    b.append("  edge [fontname=\"Helvetica\"];\n");
    for (Phase p : Phase.values()) {
      b.append("  ").append(p.name()).append(p.isTerminal() ? " [peripheries=2];\n" : ";\n");
    }
    for (Phase from : Phase.values()) {
      for (Phase to : from.next()) {
        boolean stop = STOPPED.contains(to);
        boolean back = to.ordinal() < from.ordinal() && !stop;
        b.append("  ").append(from.name()).append(" -> ").append(to.name())
            .append(stop ? " [style=dashed, color=firebrick]" : back ? " [style=dotted, constraint=false]" : "")
            .append(";\n");
      }
    }
    return b.append("}\n").toString();
  }

  static String render(String dot) throws IOException, InterruptedException {
    Process dotProcess = new ProcessBuilder("dot", "-Tsvg").redirectErrorStream(true).start();
    dotProcess.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
    dotProcess.getOutputStream().close();
    String svg = new String(dotProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(dotProcess.waitFor(60, TimeUnit.SECONDS)).as("dot finished").isTrue();
    assertThat(dotProcess.exitValue()).as("dot -Tsvg: %s", svg).isZero();
    return svg;
  }

  @Test
  void theDiagramInDocsIsDrawnFromThePhaseTable() throws Exception {
    String dot = dot();
    String svg = render(dot);
    if (Boolean.getBoolean("cutover.regenerate")) {
      Files.writeString(DOT, dot);
      Files.writeString(SVG, svg);
    }
    String stale = "docs/phases.* are stale: mvn -o -q test -Dtest=PhaseDiagramTest -Dcutover.regenerate=true";
    assertThat(Files.readString(DOT)).as(stale).isEqualTo(dot);
    assertThat(Files.readString(SVG)).as(stale).isEqualTo(svg);
  }

  @Test
  void everyTransitionIsAnEdgeAndEveryPhaseANode() throws Exception {
    String svg = Files.readString(SVG);
    for (Phase from : Phase.values()) {
      assertThat(svg).contains("<title>" + from.name() + "</title>");
      for (Phase to : from.next()) {
        assertThat(svg).contains("<title>" + from.name() + "&#45;&gt;" + to.name() + "</title>");
      }
    }
  }
}
