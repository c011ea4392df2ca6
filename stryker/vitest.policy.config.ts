// The vitest configuration Stryker uses for the policy engine: the repository's settings
// (blanked AWS credentials, forks pool) limited to test/policy/.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { sharedTest } from '../vitest.config.js'

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...sharedTest,
    include: ['test/policy/**/*.test.ts'],
    // Every surviving mutant reruns the property tests: fewer random cases keep a run to
    // minutes. The full counts run in the normal suite.
    env: { ...sharedTest.env, PVAPI_REFERENCE_RUNS: '300', PVAPI_INVARIANT_RUNS: '60' },
  },
})
