import { areaConfig } from './shared.mjs'

/** Signing and routing: SigV4 signing, the query encoding, and how a URL/flags pick a route. */
export default areaConfig({
  area: 'signing',
  // call/route.ts re-exports core/route.ts, where the routing now lives.
  mutate: ['src/sign/*.ts', 'src/core/route.ts', 'src/core/target.ts'],
  vitestConfig: 'stryker/vitest.signing.mjs',
})
