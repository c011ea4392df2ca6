/**
 * The live doctor's one stop signal: it fires at the `--timeout` deadline or on Ctrl-C, and
 * every wait of the run (SDK requests and their retries, credentials, DNS, the probe) ends
 * with it. The reason says which (`RunStop`): collectors turn it into "stopped at the deadline"
 * or "interrupted" instead of an error, and the report into the "incomplete" verdict.
 */
import { setMaxListeners } from 'node:events'
import type { RunStop } from '../aws/collect/attempt.js'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

export interface RunSignal {
  readonly signal: AbortSignal
  /** When the deadline passes, in the clock's milliseconds. */
  readonly deadline: number
  /** Stop the deadline timer and stop listening to `interrupt` (the run is over). */
  dispose(): void
}

/**
 * A signal that aborts with `{ pvapiStop: 'deadline', timeoutMs }` after `timeoutMs`, or with
 * `{ pvapiStop: 'interrupted' }` when `interrupt` (Ctrl-C) fires, whichever comes first.
 */
export function runSignal(interrupt: AbortSignal, timeoutMs: number, now: () => number): RunSignal {
  const run = new AbortController()
  // Every read in flight listens to it: more than the default 10 listeners is expected.
  setMaxListeners(0, run.signal)
  const deadline = now() + timeoutMs
  const stop = (reason: RunStop) => run.abort(reason)
  const timer = setTimeout(() => stop({ pvapiStop: 'deadline', timeoutMs }), timeoutMs)
  // The timer alone must not hold a process whose work is done.
  timer.unref?.()
  const onInterrupt = () => stop({ pvapiStop: 'interrupted' })
  if (interrupt.aborted) onInterrupt()
  else interrupt.addEventListener('abort', onInterrupt, { once: true })
  return {
    signal: run.signal,
    deadline,
    dispose() {
      clearTimeout(timer)
      interrupt.removeEventListener('abort', onInterrupt)
    },
  }
}

/** Which stop the signal fired with, if it fired with one. */
export function stopOf(signal: AbortSignal): RunStop['pvapiStop'] | undefined {
  if (!signal.aborted) return undefined
  return (signal.reason as Partial<RunStop> | undefined)?.pvapiStop
}

/** A wait the run's signal ends (credentials that hang: a provider, STS, an MFA prompt). */
export function untilStopped<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  const stopped = () =>
    new PvapiError(
      'PV_STOPPED',
      stopOf(signal) === 'deadline'
        ? 'the --timeout deadline passed before the credentials were resolved'
        : 'interrupted before the credentials were resolved',
      ExitCode.Aws,
    )
  if (signal.aborted) return Promise.reject(stopped())
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(stopped())
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      v => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    )
  })
}

/** The run's stop as the cause of a failed read (for the credentials, read here). */
export function stopCause(signal: AbortSignal): {
  cause?: { kind: 'deadline' | 'interrupted'; timeoutMs?: number }
} {
  const r = signal.reason as Partial<RunStop> | undefined
  if (!signal.aborted || !r?.pvapiStop) return {}
  return { cause: { kind: r.pvapiStop, ...(r.timeoutMs ? { timeoutMs: r.timeoutMs } : {}) } }
}
