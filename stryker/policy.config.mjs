// StrykerJS configuration for the policy engine (issue 18, "policy engine" area).
// Run on demand, not in CI:
//   npx stryker run stryker/policy.config.mjs
// One config per area lives in stryker/; the shared `npm run mutate` script runs them.
// @ts-check

// Date conditions must not depend on the machine's zone (IAM reads a zone-less date-time as
// UTC): mutation runs use a non-UTC zone, inherited by the test-runner processes. Stryker's
// vitest runner uses worker threads, where assigning TZ inside a test file has no effect.
process.env.TZ = 'Asia/Kolkata'
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'src/policy/arn.ts',
    'src/policy/context.ts',
    'src/policy/evaluate-policy.ts',
    'src/policy/evaluate-request.ts',
    'src/policy/malformed.ts',
    'src/policy/principal.ts',
    'src/policy/variables.ts',
    'src/policy/wildcard.ts',
    'src/policy/conditions/*.ts',
  ],
  testRunner: 'vitest',
  vitest: {
    configFile: 'stryker/vitest.policy.config.ts',
    // Only the policy engine's tests decide these mutants; the rest of the suite is slow and
    // does not exercise src/policy directly.
    related: false,
  },
  // Stryker cannot reliably activate mutants in code that runs once at module load ("static"
  // mutants: the OPERATORS table, regex constants, caches). They would report as survivors
  // or time out without saying anything about the tests, so they are not run; the table-driven
  // cases exercise that code on every evaluation anyway.
  ignoreStatic: true,
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker/policy.json',
  // The machine is shared: one test process at a time.
  concurrency: 1,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/stryker/policy-report.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
}
