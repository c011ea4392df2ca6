import { areaVitest } from './vitest.shared.mjs'

// fixtures.test.ts is left out: it runs the same checks over the same scenarios, read from disk,
// and would double every mutant's run time without killing anything scenarios.test.ts does not.
export default areaVitest(['test/doctor/scenarios.test.ts', 'test/doctor/checks/**/*.test.ts'])
