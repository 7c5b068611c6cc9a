/**
 * The safety tiers: {@link dev.leash.tiers.Level1Module}, {@link dev.leash.tiers.Level2Module}
 * and {@link dev.leash.tiers.Level3Module}, chosen at deploy time by {@link
 * dev.leash.tiers.LevelSelection} and {@link dev.leash.tiers.Tiers#moduleFor}, sharing the parts
 * of {@link dev.leash.tiers.TierModule}.
 */
package dev.leash.tiers;
