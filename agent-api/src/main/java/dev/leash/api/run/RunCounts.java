package dev.leash.api.run;

/**
 * What happened in a run, counted.
 *
 * @param proposedCalls calls the planner proposed
 * @param executedCalls calls that ran (successfully or not)
 * @param denials refusals counted toward the tier's threshold (denied, unknown tool, invalid arguments)
 * @param approvalsRequested calls put to a human
 * @param approvalsGranted of those, how many the human approved
 * @param failures calls that ran and failed or timed out
 * @param inputTokens model prompt tokens
 * @param outputTokens model completion tokens
 */
public record RunCounts(int proposedCalls, int executedCalls, int denials, int approvalsRequested,
                        int approvalsGranted, int failures, long inputTokens, long outputTokens) {

    public static final RunCounts ZERO = new RunCounts(0, 0, 0, 0, 0, 0, 0, 0);
}
