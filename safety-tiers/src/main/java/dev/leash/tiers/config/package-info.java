/**
 * Deployment configuration: {@code leash.yaml} read strictly into immutable records ({@link
 * dev.leash.tiers.config.LeashConfig}, {@link dev.leash.tiers.config.SafetyConfig}). Unknown keys
 * and bad values fail with a {@link dev.leash.api.ConfigurationException} naming the key and the
 * file.
 */
package dev.leash.tiers.config;
