// A smaller run over the files with the most listed survivors (principal, compare),
// for a quick before/after on a shared machine:
//   npx stryker run stryker/policy-subset.config.mjs
import base from './policy.config.mjs'

export default {
  ...base,
  mutate: ['src/policy/conditions/compare.ts'],
  incrementalFile: 'reports/stryker/policy-subset.json',
  jsonReporter: { fileName: 'reports/stryker/policy-subset-report.json' },
}
