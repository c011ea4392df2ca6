import type { ChalkInstance } from 'chalk'
import { PvapiError } from '../core/errors.js'
import { Redactor } from '../core/redact.js'
import { terminalSafe, terminalSafeLines } from '../core/terminal-text.js'

/**
 * One line plus a hint for errors pvapi expected; for anything else one line that says it is
 * a bug. Stack traces only with --debug (with signatures scrubbed all the same).
 */
export function renderError(err: unknown, debug: boolean, c: ChalkInstance): string {
  const scrub = new Redactor()
  const e = err instanceof Error ? err : new Error(String(err))
  let out: string
  if (err instanceof PvapiError) {
    // Messages can quote what a server or the SDK said: escape control characters, so the
    // error stays one line and cannot drive the terminal (see SECURITY.md).
    out = `${c.red('pvapi:')} ${terminalSafe(err.message)}\n${err.hint ? `  ${c.dim('hint:')} ${terminalSafe(err.hint)}\n` : ''}`
  } else {
    out = `${c.red('pvapi: internal error:')} ${terminalSafe(e.message.split('\n')[0] ?? '')}\n  ${c.dim('hint:')} this is a bug; re-run with --debug and report the trace\n`
  }
  if (debug) {
    out += `${terminalSafeLines(e.stack ?? '')}\n`
    let cause = (e as { cause?: unknown }).cause
    while (cause instanceof Error) {
      out += `caused by: ${terminalSafeLines(cause.stack ?? cause.message)}\n`
      cause = (cause as { cause?: unknown }).cause
    }
  }
  return scrub.scrub(out)
}
