import type { Check } from '../finding.js'
import { PROBE_CHECKS_META, probeCheckOutcome } from '../probe-reconcile.js'

const meta = PROBE_CHECKS_META['probe.transit']

/** Live (--probe): transit on the wire, reconciled with the configuration (src/doctor/probe-reconcile.ts). */
export const probeTransit: Check = {
  id: 'probe.transit',
  hop: meta.hop,
  title: meta.title,
  rows: meta.rows,
  run: (s, d) => probeCheckOutcome(s, d, 'probe.transit'),
}
