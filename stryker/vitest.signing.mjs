import { areaVitest } from './vitest.shared.mjs'

export default areaVitest([
  'test/sign/**/*.test.ts',
  'test/call/route.test.ts',
  'test/call/prepare.test.ts',
  // parseHostMode and parseVpce (core/route.ts) are tested with the rest of call's flags.
  'test/call/options.test.ts',
  'test/core/target*.test.ts',
  'test/repeat/signer.test.ts',
])
