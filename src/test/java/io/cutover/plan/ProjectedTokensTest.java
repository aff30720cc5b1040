package io.cutover.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjectionBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kube-apiserver's extension rule (token.go) and the longest projected token among the identity's Pods. */
class ProjectedTokensTest {
  static final String ISSUER = "https://source.cutover.test";
  static final long YEAR = 365L * 24 * 3600;

  /** A Pod with one projected serviceAccountToken source; null expirationSeconds is left to the API default. */
  static Pod pod(String name, Long expirationSeconds, String audience) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata().withNewSpec()
        .withServiceAccountName("app").addToVolumes(new VolumeBuilder().withName("kube-api-access-x")
            .withNewProjected().addToSources(new VolumeProjectionBuilder().withServiceAccountToken(
                new ServiceAccountTokenProjectionBuilder().withPath("token").withExpirationSeconds(expirationSeconds)
                    .withAudience(audience).build()).build()).endProjected().build())
        .endSpec().build();
  }

  @Test
  void onlyAPodBoundRequestForExactly3607SecondsWithTheServersAudiencesIsExtended() {
    List<String> server = List.of(ISSUER);
    assertThat(ProjectedTokens.issuedSeconds(3607, true, List.of(), server)).isEqualTo(YEAR);
    assertThat(ProjectedTokens.issuedSeconds(3607, true, List.of(ISSUER), server)).isEqualTo(YEAR);
    assertThat(ProjectedTokens.issuedSeconds(3607, true, List.of("vault"), server)).isEqualTo(3607);
    assertThat(ProjectedTokens.issuedSeconds(3607, true, List.of(ISSUER, "vault"), server)).isEqualTo(3607);
    assertThat(ProjectedTokens.issuedSeconds(3607, false, List.of(), server)).isEqualTo(3607);
    assertThat(ProjectedTokens.issuedSeconds(3608, true, List.of(), server)).isEqualTo(3608);
    assertThat(ProjectedTokens.issuedSeconds(3600, true, List.of(), server)).isEqualTo(3600);
  }

  @Test
  void theKubeletsDefaultProjectionIsTheLongestAtOneYear() {
    Optional<ProjectedTokens.Longest> longest = ProjectedTokens.longest(List.of(pod("short", 7200L, "vault"),
        pod("default", 3607L, null)), ISSUER);
    assertThat(longest).contains(new ProjectedTokens.Longest(YEAR, true));
  }

  @Test
  void aProjectionForAnotherAudienceOrLifetimeLivesWhatItAskedFor() {
    assertThat(ProjectedTokens.longest(List.of(pod("vault", 3607L, "vault"), pod("two-hours", 7200L, "")), ISSUER))
        .contains(new ProjectedTokens.Longest(7200, false));
    assertThat(ProjectedTokens.longest(List.of(pod("defaulted", null, "vault")), ISSUER))
        .as("expirationSeconds defaults to one hour").contains(new ProjectedTokens.Longest(3600, false));
    assertThat(ProjectedTokens.longest(List.of(pod("issuer", 3607L, ISSUER)), ISSUER))
        .as("the issuer is the API server's default audience").contains(new ProjectedTokens.Longest(YEAR, true));
  }

  @Test
  void podsWithoutAProjectedTokenOrNoPodsGiveNothing() {
    Pod bare = new PodBuilder().withNewMetadata().withName("bare").endMetadata().withNewSpec().endSpec().build();
    Pod configMapOnly = new PodBuilder().withNewMetadata().withName("cm").endMetadata().withNewSpec()
        .addToVolumes(new VolumeBuilder().withName("v").withNewProjected().addToSources(new VolumeProjectionBuilder()
            .withNewConfigMap().withName("c").endConfigMap().build()).endProjected().build()).endSpec().build();
    assertThat(ProjectedTokens.longest(List.of(bare, configMapOnly), ISSUER)).isEmpty();
    assertThat(ProjectedTokens.longest(List.of(), ISSUER)).isEmpty();
  }
}
