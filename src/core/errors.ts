import { ExitCode, type ExitCodeValue } from './exit-codes.js'

/**
 * An error pvapi expected and can explain in one line plus a hint. Anything that is not a
 * PvapiError is a bug: it exits 1 and shows its stack only with --debug.
 */
export class PvapiError extends Error {
  override readonly name: string = 'PvapiError'
  constructor(
    /** Stable, greppable code, e.g. `PV_BAD_URL`. */
    readonly code: string,
    message: string,
    readonly exitCode: ExitCodeValue,
    /** One line: what to do next. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/** A mistake in what the user typed (exit 2). */
export function usageError(code: string, message: string, hint?: string): PvapiError {
  return new PvapiError(code, message, ExitCode.Usage, hint)
}
