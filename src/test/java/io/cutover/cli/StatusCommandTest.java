package io.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.api.v1alpha1.CutoverStatus;
import io.cutover.api.v1alpha1.Phase;
import io.cutover.api.v1alpha1.RevocationHorizon;
import io.cutover.api.v1alpha1.ProvenanceLink;
import io.cutover.api.v1alpha1.ProvenanceStatus;
import io.cutover.api.v1alpha1.ServiceAccountMigration;
import io.cutover.api.v1alpha1.ServiceAccountMigrationSpec;
import io.cutover.api.v1alpha1.ServiceAccountMigrationStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static ServiceAccountMigration migration(ProvenanceStatus provenance) {
    ServiceAccountMigration m = new ServiceAccountMigration();
    m.setMetadata(new ObjectMetaBuilder().withNamespace("cutover-system").withName("shop-c").build());
    m.setSpec(new ServiceAccountMigrationSpec());
    ServiceAccountMigrationStatus s = new ServiceAccountMigrationStatus();
    s.setPhase(Phase.Completed);
    s.setProvenance(provenance);
    m.setStatus(s);
    return m;
  }

  private static String print(ServiceAccountMigration m) {
    StringWriter text = new StringWriter();
    StatusCommand.print(new PrintWriter(text), m, NOW);
    return text.toString();
  }

  @Test
  void aDeadlineSetBySpecDualRunNotAfterSaysSo() {
    ServiceAccountMigration m = migration(new ProvenanceStatus());
    m.getStatus().setDualRun(new io.cutover.api.v1alpha1.DualRunStatus("2026-11-22T11:50:00Z", "2026-11-22T11:55:00Z"));
    m.getSpec().setDualRun(new io.cutover.api.v1alpha1.DualRunSpec());
    assertThat(print(m)).contains("deadline 2026-11-22T11:55:00Z (").doesNotContain("notAfter");

    m.getSpec().getDualRun().setNotAfter("2026-11-22T12:55:00+01:00");
    assertThat(print(m)).contains("deadline 2026-11-22T11:55:00Z (", "), set by spec.dualRun.notAfter");

    m.getSpec().getDualRun().setNotAfter("2026-11-22T12:00:00Z"); // later than the window's end: the window set it
    assertThat(print(m)).doesNotContain("notAfter");
  }

  @Test
  void statusShowsEveryLinkOfTheProvenanceChainInOrder() {
    ProvenanceStatus p = new ProvenanceStatus();
    p.setChain(List.of(
        new ProvenanceLink("a", "shop", "cart", "uid-a", "b", "mig-1", "2026-11-22T10:00:00Z", null,
            "2026-11-22T10:05:00Z", List.of("ServiceAccount shop/cart", "Secret shop/cart-token")),
        new ProvenanceLink("b", "shop", "cart", "uid-b", "c", "mig-2", "2026-11-22T11:00:00Z", "2026-11-22T11:01:00Z",
            "2026-11-22T11:02:00Z", List.of("ServiceAccount shop/cart"))));

    String out = print(migration(p));

    String section = out.substring(out.indexOf("Provenance:"), out.indexOf("History:"));
    assertThat(section).contains("a/shop/cart", "uid-a", "mig-1", "2026-11-22T10:05:00Z")
        .contains("b/shop/cart", "uid-b", "mig-2", "2026-11-22T11:01:00Z");
    assertThat(section.indexOf("a/shop/cart")).isLessThan(section.indexOf("b/shop/cart"));
  }

  @Test
  void beforeCutoverStatusNamesTheSourceItCameFrom() {
    ProvenanceStatus p = new ProvenanceStatus();
    p.setSourceCluster("eu-old");
    p.setSourceUid("uid-source");

    String out = print(migration(p));

    assertThat(out.substring(out.indexOf("Provenance:"), out.indexOf("History:")))
        .contains("not yet cut over; source eu-old UID uid-source");
  }

  @Test
  void statusPrintsTheRevocationHorizonPerCredentialAndVerifier() {
    ServiceAccountMigration m = migration(new ProvenanceStatus());
    CutoverStatus c = new CutoverStatus();
    c.setIntentAt("2026-11-22T11:59:00Z");
    c.setCompletedAt("2026-11-22T11:59:55Z");
    c.setLatenessMillis(0L);
    c.setRevocationHorizon(List.of(
        new RevocationHorizon("BoundToken", "SourceApiServer", "2026-11-22T12:00:05Z", "the cache"),
        new RevocationHorizon("LegacyToken", "OfflineVerifier", null, "no exp")));
    m.getStatus().setCutover(c);

    String out = print(m);

    String section = out.substring(out.indexOf("Revocation horizon"), out.indexOf("Conditions:"));
    assertThat(section).contains("CREDENTIAL", "VERIFIER", "UNTIL", "BASIS")
        .containsPattern("BoundToken +SourceApiServer +2026-11-22T12:00:05Z \\(in 5s\\) +the cache")
        .containsPattern("LegacyToken +OfflineVerifier +unbounded +no exp");
  }
}
