package io.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label selectors as labels.Parse reads them, evaluated on {a=1, b=2}. */
class LabelSelectorTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "''|true", "a=1|true", "a==1|true", "a=2|false", "a!=2|true", "c!=1|true", "a|true", "!a|false", "!c|true",
      "a in (1,3)|true", "a in (3)|false", "a notin (3)|true", "c notin (3)|true", "a=1,b=2|true", "a=1,b=3|false",
      "a in (1, 2),!c|true"})
  void selectsAsKubernetesDoes(String selector, boolean selected) {
    assertThat(LabelSelector.parse(selector).test(Map.of("a", "1", "b", "2"))).isEqualTo(selected);
  }

  @ParameterizedTest
  @CsvSource({"'a=(b'", "'=x'"})
  void malformedSelectorsAreRejected(String selector) {
    assertThatThrownBy(() -> LabelSelector.parse(selector)).isInstanceOf(IllegalArgumentException.class);
  }
}
