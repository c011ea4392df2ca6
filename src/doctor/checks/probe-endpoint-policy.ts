import type { Check } from '../finding.js'
import { PROBE_CHECKS_META, probeCheckOutcome } from '../probe-reconcile.js'

const meta = PROBE_CHECKS_META['probe.endpoint-policy']

/** Live (--probe): endpoint-policy on the wire, reconciled with the configuration (src/doctor/probe-reconcile.ts). */
export const probeEndpointPolicy: Check = {
  id: 'probe.endpoint-policy',
  hop: meta.hop,
  title: meta.title,
  rows: meta.rows,
  run: (s, d) => probeCheckOutcome(s, d, 'probe.endpoint-policy'),
}
