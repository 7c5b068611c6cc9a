/**
 * File tools confined to a root directory: {@code list_files}, {@code read_file} (READ), {@code
 * write_file} (WRITE) and {@code delete_file} (IRREVERSIBLE). Paths are relative to the root;
 * absolute paths, {@code ..} segments, symbolic links leading out of the root and paths outside
 * the configured globs are refused. Wire them with {@link dev.leash.tools.file.FileToolsModule}.
 */
package dev.leash.tools.file;
