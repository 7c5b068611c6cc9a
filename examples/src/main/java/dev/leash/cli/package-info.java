/** The {@code leash} command line: one class per subcommand, registered in {@link dev.leash.cli.LeashCli}. */
package dev.leash.cli;
