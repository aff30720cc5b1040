/**
 * The wiring: {@link io.cutover.config.CutoverOperator} builds the JOSDK operator (client, connector, reconciler,
 * metrics, Events, leader election); {@link io.cutover.config.CrdManifest} is the generated CRD as the operator
 * installs and checks it. Only the CLI uses this package.
 */
package io.cutover.config;
