/**
 * A wave of migrations: which identities it selects, the member migration made for each, how many may be created
 * now (the budget), the gates propagated to members, and the wave's status, built in one place. The wave reconciler
 * coordinates these steps; nothing here calls Kubernetes except through the ports it is given.
 */
package io.cutover.phase.wave;
