/**
 * What every area of collection is given: the request, the ports, and `get`, the one way to
 * make a read (through `attempt`, so a failure becomes data and an unreachable service is not
 * asked again in the same run).
 */
import type { Collected } from '../../doctor/snapshot.js'
import { attempt, type AttemptOptions } from './attempt.js'
import type { DoctorPorts } from './ports.js'
import type { CollectRequest } from './request.js'

/** One read: its IAM action (for the permission table and the report) and the port call. */
export type Get = <T>(action: string, read: () => Promise<T | undefined>) => Promise<Collected<T>>

export interface CollectContext {
  readonly req: CollectRequest
  readonly ports: DoctorPorts
  readonly get: Get
  /** The options every read ran with (the run's signal and limits, for the snapshot's `collection`). */
  readonly attempt: AttemptOptions
  /** When collection started (epoch ms): the local side of the clock-skew measurement. */
  readonly startedAt: number
}

export function collectContext(req: CollectRequest, ports: DoctorPorts): CollectContext {
  // One map per run: a service whose endpoint did not answer is not asked again (attempt.ts).
  const opts: AttemptOptions = { unreachable: new Map(), ...req.attempt }
  return {
    req,
    ports,
    get: (action, read) => attempt(action, read, opts),
    attempt: opts,
    startedAt: Date.now(),
  }
}

/**
 * Await an object of promises as an object of their values, all at once: results are taken by
 * name, so two reads of the same type can never be swapped by position.
 */
export async function allNamed<T extends object>(
  named: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(named) as (keyof T)[]
  const values = await Promise.all(keys.map(k => named[k]))
  return Object.fromEntries(keys.map((k, i) => [k, values[i]])) as { -readonly [K in keyof T]: Awaited<T[K]> }
}
