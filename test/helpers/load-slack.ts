/**
 * Added to every wall-clock bound a test asserts. The bounds prove that a wait ends (at its
 * limit, not at the next default or never); on a busy 2-core CI machine a process start or a
 * timer can be seconds late, and a bound that fails then proves nothing.
 */
export const LOAD_SLACK_MS = 10_000
