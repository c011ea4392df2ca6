import type { Check } from '../finding.js'
import { PROBE_CHECKS_META, probeCheckOutcome } from '../probe-reconcile.js'

const meta = PROBE_CHECKS_META['probe.iam']

/** Live (--probe): iam on the wire, reconciled with the configuration (src/doctor/probe-reconcile.ts). */
export const probeIam: Check = {
  id: 'probe.iam',
  hop: meta.hop,
  title: meta.title,
  rows: meta.rows,
  run: (s, d) => probeCheckOutcome(s, d, 'probe.iam'),
}
