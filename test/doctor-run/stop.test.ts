/**
 * The live doctor's stop signal (src/doctor-run/stop.ts), without a process: the deadline and
 * Ctrl-C each abort it with their reason, a wait it ends rejects with a PvapiError naming the
 * stop, and disposing it leaves the interrupt signal without a listener.
 */
import { describe, expect, it } from 'vitest'
import { PvapiError } from '../../src/core/errors.js'
import { ExitCode } from '../../src/core/exit-codes.js'
import { runSignal, stopCause, stopOf, untilStopped } from '../../src/doctor-run/stop.js'

const aborted = (signal: AbortSignal) =>
  new Promise<void>(resolve =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  )

describe('runSignal', () => {
  it('aborts at the deadline with the timeout; the deadline is the clock plus the timeout', async () => {
    const run = runSignal(new AbortController().signal, 5, () => 1_000)
    expect(run.deadline).toBe(1_005)
    expect(run.signal.aborted).toBe(false)
    await aborted(run.signal)
    expect(run.signal.reason).toEqual({ pvapiStop: 'deadline', timeoutMs: 5 })
    expect(stopOf(run.signal)).toBe('deadline')
    expect(stopCause(run.signal)).toEqual({ cause: { kind: 'deadline', timeoutMs: 5 } })
    run.dispose()
  })

  it('aborts as interrupted on Ctrl-C, before the deadline', () => {
    const ctrlC = new AbortController()
    const run = runSignal(ctrlC.signal, 60_000, () => 0)
    ctrlC.abort()
    expect(run.signal.reason).toEqual({ pvapiStop: 'interrupted' })
    expect(stopOf(run.signal)).toBe('interrupted')
    expect(stopCause(run.signal)).toEqual({ cause: { kind: 'interrupted' } })
    run.dispose()
  })

  it('starts aborted when Ctrl-C came first', () => {
    const ctrlC = new AbortController()
    ctrlC.abort()
    const run = runSignal(ctrlC.signal, 60_000, () => 0)
    expect(stopOf(run.signal)).toBe('interrupted')
    run.dispose()
  })

  it('disposed, neither the deadline nor a later Ctrl-C aborts it', async () => {
    const ctrlC = new AbortController()
    const run = runSignal(ctrlC.signal, 1, () => 0)
    run.dispose()
    ctrlC.abort()
    await new Promise(r => setTimeout(r, 20))
    expect(run.signal.aborted).toBe(false)
    expect(stopOf(run.signal)).toBeUndefined()
    expect(stopCause(run.signal)).toEqual({})
  })
})

describe('untilStopped', () => {
  it('passes the value and the error of work that ends first', async () => {
    const signal = new AbortController().signal
    await expect(untilStopped(signal, Promise.resolve(7))).resolves.toBe(7)
    const boom = new Error('boom')
    await expect(untilStopped(signal, Promise.reject(boom))).rejects.toBe(boom)
  })

  it('rejects a wait the deadline ends, naming --timeout (exit 3)', async () => {
    const c = new AbortController()
    const wait = untilStopped(c.signal, new Promise<never>(() => undefined))
    c.abort({ pvapiStop: 'deadline', timeoutMs: 1000 })
    const err = await wait.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(PvapiError)
    expect(err).toMatchObject({ code: 'PV_STOPPED', exitCode: ExitCode.Aws })
    expect((err as Error).message).toContain('--timeout deadline passed')
  })

  it('rejects at once when already interrupted', async () => {
    const c = new AbortController()
    c.abort({ pvapiStop: 'interrupted' })
    const err = await untilStopped(c.signal, Promise.resolve(1)).catch((e: unknown) => e)
    expect((err as Error).message).toBe('interrupted before the credentials were resolved')
  })
})

describe('stopCause', () => {
  it('is empty for an abort that is no run stop', () => {
    const c = new AbortController()
    c.abort(new Error('other'))
    expect(stopCause(c.signal)).toEqual({})
    expect(stopOf(c.signal)).toBeUndefined()
  })
})
