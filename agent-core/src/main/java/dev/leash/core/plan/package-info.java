/** Planners: the scripted planner (tests, red-team worst case); model planners arrive beside it. */
package dev.leash.core.plan;
