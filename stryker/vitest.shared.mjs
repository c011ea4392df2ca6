import { fileURLToPath } from 'node:url'
import { sharedTest } from '../vitest.config.ts'

/** The project's vitest config (blank AWS credentials, timeouts) limited to `include`. */
export function areaVitest(include) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  // The suite's shared settings, not its projects (each mutant run loads only these files, in
  // fresh module graphs).
  return { root, test: { ...sharedTest, include } }
}
