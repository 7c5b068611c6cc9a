/** The tool registry, Guice binding helpers and tools declared as annotated methods. */
package dev.leash.core.tool;
