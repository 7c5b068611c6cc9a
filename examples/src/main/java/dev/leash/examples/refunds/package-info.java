/**
 * The refunds example agent: customer support over an orders database, with a custom
 * irreversible {@code issue_refund} tool budgeted by amount in {@code leash.yaml}.
 */
package dev.leash.examples.refunds;
