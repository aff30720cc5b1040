package io.cutover.real;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that runs against the real control planes of {@link RealEnvironment}; the run's closing summary
 * counts these ({@code RealClusterSummary}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RealClusterTest.TAG)
public @interface RealClusterTest {
  String TAG = "real-cluster";
}
