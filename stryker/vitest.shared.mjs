import { fileURLToPath } from 'node:url'
import base from '../vitest.config.ts'

/** The project's vitest config (blank AWS credentials, timeouts) limited to `include`. */
export function areaVitest(include) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  // Not mergeConfig: it concatenates arrays, which would keep the whole suite's `include`.
  return { ...base, root, test: { ...base.test, include } }
}
