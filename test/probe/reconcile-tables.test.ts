/**
 * The reconciliation's tables stay true to the checks: Given the check registry, Then the
 * CheckId list names exactly its configuration checks in order, the probe checks are the
 * metadata table's rows, and every check a table names sits at the hop the table uses it for.
 */
import { describe, expect, it } from 'vitest'
import { CONFIGURATION_CHECK_IDS } from '../../src/doctor/check-ids.js'
import { CHECKS, CONFIGURATION_CHECKS } from '../../src/doctor/checks/index.js'
import { EXPLAINERS, NOT_COMPARED, STOP_CAUSES } from '../../src/doctor/reconcile/causes.js'
import { PROBE_CHECK_IDS, PROBE_META } from '../../src/doctor/reconcile/meta.js'
import type { Hop } from '../../src/doctor/outcome.js'

const hopOf = new Map(CONFIGURATION_CHECKS.map(c => [c.id, c.hop]))

describe('check ids', () => {
  it('CONFIGURATION_CHECK_IDS is the registry of configuration checks, in order', () => {
    expect(CONFIGURATION_CHECKS.map(c => c.id)).toEqual([...CONFIGURATION_CHECK_IDS])
  })
  it('the registry is the configuration checks, then one probe check per row of the metadata table', () => {
    expect(CHECKS.map(c => c.id)).toEqual([...CONFIGURATION_CHECK_IDS, ...PROBE_CHECK_IDS])
    for (const id of PROBE_CHECK_IDS) {
      const c = CHECKS.find(x => x.id === id)!
      expect({ hop: c.hop, rows: c.rows, title: c.title }, id).toEqual({
        hop: PROBE_META[id].hop,
        rows: PROBE_META[id].rows,
        title: PROBE_META[id].title,
      })
      // A probe check is reported at one of the hops it judges.
      expect(PROBE_META[id].hops as readonly Hop[], id).toContain(PROBE_META[id].hop)
    }
  })
  it('every id is unique', () => {
    expect(new Set(CHECKS.map(c => c.id)).size).toBe(CHECKS.length)
  })
})

describe('cause tables', () => {
  it("a cause's own check (via) sits at the hop of its row", () => {
    for (const [hop, rows] of Object.entries(STOP_CAUSES))
      for (const r of rows) if (r.via) expect(hopOf.get(r.via), r.via).toBe(Number(hop))
  })
  it('every check a table names exists, and explainers are compared with the wire', () => {
    for (const ids of Object.values(EXPLAINERS))
      for (const id of ids ?? []) {
        expect(hopOf.has(id), id).toBe(true)
        expect(id in NOT_COMPARED, id).toBe(false)
      }
    for (const id of Object.keys(NOT_COMPARED)) expect(hopOf.has(id), id).toBe(true)
  })
})
