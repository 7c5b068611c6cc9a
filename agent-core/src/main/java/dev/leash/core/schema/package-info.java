/** Validation of tool arguments against their JSON Schema. */
package dev.leash.core.schema;
