import { areaConfig } from './shared.mjs'

/**
 * Every doctor check (src/doctor/checks/), one pure function over a snapshot each, and the
 * verdicts two checks share (nacl-verdict.ts: both sides of a NACL).
 */
export default areaConfig({
  area: 'doctor-checks',
  mutate: ['src/doctor/checks/**/*.ts', 'src/doctor/nacl-verdict.ts'],
  vitestConfig: 'stryker/vitest.doctor-checks.mjs',
})
