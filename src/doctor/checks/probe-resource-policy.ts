import type { Check } from '../finding.js'
import { PROBE_CHECKS_META, probeCheckOutcome } from '../probe-reconcile.js'

const meta = PROBE_CHECKS_META['probe.resource-policy']

/** Live (--probe): resource-policy on the wire, reconciled with the configuration (src/doctor/probe-reconcile.ts). */
export const probeResourcePolicy: Check = {
  id: 'probe.resource-policy',
  hop: meta.hop,
  title: meta.title,
  rows: meta.rows,
  run: (s, d) => probeCheckOutcome(s, d, 'probe.resource-policy'),
}
