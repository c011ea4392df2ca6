import { expect } from 'vitest'
import { PvapiError } from '../../src/core/errors.js'

/** `f` throws the usage error `code` (exit 2), its message matching `message` when given. */
export function expectUsageError(f: () => unknown, code: string, message?: RegExp): void {
  let err: unknown
  try {
    f()
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(PvapiError)
  expect(err).toMatchObject({ code, exitCode: 2 })
  if (message) expect((err as Error).message).toMatch(message)
}
