package io.cutover.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.util.Map;

/**
 * JOSDK's reconciliation metrics ({@link MicrometerMetrics} without per-resource tags) on Cutover's registry, the
 * hook that drops a migration's own gauges when it is deleted — whether or not its finalizer ran — and the JVM's
 * own meters (memory pools, garbage collection, CPU: {@link CutoverMetrics#bindJvmMeters}), which size the
 * operator's container.
 */
public final class OperatorMetrics implements Metrics {
  private final MicrometerMetrics josdk;
  private final CutoverMetrics cutover;

  public OperatorMetrics(CutoverMetrics cutover) {
    this.cutover = cutover;
    this.josdk = MicrometerMetrics.withoutPerResourceMetrics(cutover.registry());
    cutover.bindJvmMeters();
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    josdk.receivedEvent(event, metadata);
    if (event instanceof ResourceEvent r && r.getAction() == ResourceAction.DELETED) {
      forget(r.getRelatedCustomResourceID());
    }
  }

  @Override
  public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
    josdk.cleanupDoneFor(id, metadata);
    forget(id);
  }

  private void forget(ResourceID id) {
    cutover.forget(id.getNamespace().orElse(""), id.getName());
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    josdk.controllerRegistered(controller);
  }

  @Override
  public void reconcileCustomResource(HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    josdk.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    josdk.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    josdk.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    josdk.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    josdk.finishedReconciliation(resource, metadata);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    return josdk.timeControllerExecution(execution);
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return josdk.monitorSizeOf(map, name);
  }
}
