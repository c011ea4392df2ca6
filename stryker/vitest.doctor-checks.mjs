import { areaVitest } from './vitest.shared.mjs'

export default areaVitest([
  'test/doctor/scenarios.test.ts',
  'test/doctor/fixtures.test.ts',
  'test/doctor/checks/**/*.test.ts',
])
