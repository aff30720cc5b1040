/**
 * The JOSDK reconciler: one turn of the phase machine per reconcile on a copy of the status, written once and only
 * when it changed, and rescheduled at the next deadline; {@code DueMigrations} keeps deadline-bound migrations first.
 */
package io.cutover.reconciler;
