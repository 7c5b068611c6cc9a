/**
 * Human approval: a gate shows a reviewer the exact call and its reason, and the answer binds to
 * a hash of exactly those arguments. A timeout or error is a denial.
 */
package dev.leash.api.approval;
