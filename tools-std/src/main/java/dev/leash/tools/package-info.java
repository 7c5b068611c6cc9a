/**
 * The standard tools on real backends: files ({@link dev.leash.tools.file}), HTTP ({@link
 * dev.leash.tools.http}), e-mail over SMTP and IMAP ({@link dev.leash.tools.mail}) and SQL over
 * JDBC ({@link dev.leash.tools.sql}). {@link dev.leash.tools.StandardTools} builds them; each
 * family also has a Guice module that adds its tools to the {@code Multibinder<Tool>}.
 *
 * <p>Names, arguments and impacts are a contract (DESIGN, "Standard tools"). Every tool refuses
 * what it must never do by itself (path escapes, non-public addresses), independently of the
 * safety tier, and reports its targets and outbound content so that the tier's policies can
 * decide the rest.
 */
package dev.leash.tools;
