import { BaseSequencer } from 'vitest/node'
import { areaVitest } from './vitest.shared.mjs'

/**
 * The per-check unit tests run before the scenarios: with Stryker's bail-on-first-failure a mutant
 * a unit test kills costs a few milliseconds instead of a run over every scenario.
 */
class UnitTestsFirst extends BaseSequencer {
  async sort(files) {
    const sorted = await super.sort(files)
    const rank = f => (f.moduleId.includes('/test/doctor/checks/') ? 0 : 1)
    return [...sorted].sort((a, b) => rank(a) - rank(b))
  }
}

// fixtures.test.ts is left out: it runs the same checks over the same scenarios, read from disk,
// and would double every mutant's run time without killing anything scenarios.test.ts does not.
const config = areaVitest(['test/doctor/checks/**/*.test.ts', 'test/doctor/scenarios.test.ts'])
export default { ...config, test: { ...config.test, sequence: { sequencer: UnitTestsFirst } } }
