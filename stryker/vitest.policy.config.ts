// The vitest configuration Stryker uses for the policy engine: the repository's settings
// (blanked AWS credentials, forks pool) limited to test/policy/.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import base from '../vitest.config.js'

export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...base.test,
    include: ['test/policy/**/*.test.ts'],
    // Every surviving mutant reruns the property tests: fewer random cases keep a run to
    // minutes. The full counts run in the normal suite.
    env: { ...base.test?.env, PVAPI_REFERENCE_RUNS: '300', PVAPI_INVARIANT_RUNS: '60' },
  },
})
