/**
 * What a check file needs, in one import: the finding vocabulary and constructors (outcome.ts)
 * and the `Check` type (check.ts). Modules the checks build on (derive, policy-analysis, the
 * evaluators) import outcome.ts directly, so no cycle runs through here.
 */
export * from './outcome.js'
export type { Check } from './check.js'
