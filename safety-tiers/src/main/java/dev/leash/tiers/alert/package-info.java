/** Alert sinks: Level 3 alerts on every denial and approval. */
package dev.leash.tiers.alert;
