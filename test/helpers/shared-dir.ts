import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** `../shared` beside the repository: reference material and the SigV4 vectors (never copied in). */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url))
export const SIGV4_SUITE = `${SHARED_DIR}fixtures/sigv4-testsuite/v4/`
export const hasSigv4Suite = existsSync(SIGV4_SUITE)
