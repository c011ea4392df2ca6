/**
 * A snapshot file's text → a snapshot, or the one problem that stops it: not JSON, no or another
 * schemaVersion, a missing part, a field of the wrong type (snapshot-shape.ts). A scenario file
 * that wraps one (`{ snapshot, expect }`) is read too. Pure; the command turns a problem into a
 * usage error naming the file.
 */
import type { DoctorSnapshot } from './snapshot.js'
import { snapshotShapeProblem } from './snapshot-shape.js'

export type SnapshotRead =
  | { readonly snapshot: DoctorSnapshot }
  | { readonly problem: string; readonly hint?: string }

/** The parts every snapshot has, checked by presence first for a plainer message. */
const PARTS = ['collectedAt', 'target', 'signing', 'caller', 'network', 'api', 'dns'] as const

export function readSnapshotText(text: string): SnapshotRead {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    return { problem: `not JSON (${(err as Error).message})` }
  }
  const inner =
    json && typeof json === 'object' && 'snapshot' in json && 'expect' in json
      ? (json as { snapshot: unknown }).snapshot
      : json
  const s = inner as Partial<DoctorSnapshot> | null
  if (!s || typeof s !== 'object' || s.schemaVersion === undefined)
    return {
      problem: 'not a pvapi doctor snapshot (no schemaVersion)',
      hint: 'write one with pvapi doctor URL --save-snapshot FILE',
    }
  if (s.schemaVersion !== 1)
    return {
      problem: `schemaVersion ${String(s.schemaVersion)} is not supported by this pvapi (it reads 1)`,
      hint: 'upgrade pvapi',
    }
  for (const key of PARTS) if (!(key in s)) return { problem: `the snapshot has no ${key}` }
  const problem = snapshotShapeProblem(s)
  if (problem)
    return {
      problem,
      hint: 'the file is corrupted or was edited by hand; save a new one with --save-snapshot',
    }
  return { snapshot: s as DoctorSnapshot }
}
