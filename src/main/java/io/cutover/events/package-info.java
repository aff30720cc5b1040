/** Kubernetes Events about a migration's transitions; never a secret in a message. Wiring-side, like metrics. */
package io.cutover.events;
