import { areaConfig } from './shared.mjs'

/** Every doctor check (src/doctor/checks/), one pure function over a snapshot each. */
export default areaConfig({
  area: 'doctor-checks',
  mutate: ['src/doctor/checks/**/*.ts'],
  vitestConfig: 'stryker/vitest.doctor-checks.mjs',
})
