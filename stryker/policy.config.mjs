// StrykerJS configuration for the policy engine (issue 18, "policy engine" area).
// Run on demand, not in CI: `npm run mutate -- policy`, or one file at a time with
//   npx stryker run stryker/policy.config.mjs --mutate src/policy/principal.ts
// (incremental: a rerun only retests mutants whose source or covering tests changed).
// @ts-check
import { areaConfig } from './shared.mjs'

// Date conditions must not depend on the machine's zone (IAM reads a zone-less date-time as
// UTC): mutation runs use a non-UTC zone, inherited by the test-runner processes (Node re-reads
// TZ when it is assigned). test/policy/timezone.test.ts proves the zone took effect.
process.env.TZ = 'Asia/Kolkata'

export default {
  ...areaConfig({
    area: 'policy',
    mutate: [
      'src/policy/arn.ts',
      'src/policy/context.ts',
      'src/policy/evaluate-policy.ts',
      'src/policy/evaluate-request.ts',
      'src/policy/request/*.ts',
      'src/policy/malformed.ts',
      'src/policy/principal.ts',
      'src/policy/variables.ts',
      'src/policy/wildcard.ts',
      'src/policy/conditions/*.ts',
    ],
    // Only the policy engine's tests decide these mutants; the rest of the suite is slow and
    // does not exercise src/policy directly.
    vitestConfig: 'stryker/vitest.policy.config.ts',
  }),
  // Static mutants (the OPERATORS table, regex constants, caches) are not run (ignoreStatic in
  // shared.mjs); the table-driven cases exercise that code on every evaluation anyway.
}
