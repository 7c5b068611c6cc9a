/** Runs: the request an agent is given, the live context of a run, and its result. */
package dev.leash.api.run;
