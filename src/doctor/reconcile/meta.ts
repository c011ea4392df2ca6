/**
 * The live (`--probe`) checks, as one table: the hop each is reported at, the hops whose
 * configuration it is compared with, the field guide rows, and its title. The `probe.*` Check
 * objects are generated from it (probe-checks.ts).
 */
import type { Hop } from '../outcome.js'

export const PROBE_META = {
  'probe.signing': {
    hop: 1,
    hops: [1],
    rows: [1, 3, 4, 5, 6, 8],
    title:
      'live: signed and unsigned requests agree with the signing configuration (clock, credentials, authorization type)',
  },
  'probe.dns': {
    hop: 2,
    hops: [2],
    rows: [9, 11, 12, 13],
    title: "live: the connect host resolves, to the endpoint's ENI addresses",
  },
  'probe.endpoint-policy': {
    hop: 4,
    hops: [4],
    rows: [24, 25, 26],
    title: 'live: the VPC endpoint policy lets the signed request through',
  },
  'probe.transit': {
    hop: 5,
    hops: [3, 5],
    rows: [16, 17, 18, 19, 20, 21],
    title: 'live: every ENI of the endpoint accepts a connection (security groups, NACLs, routes, state)',
  },
  'probe.resource-policy': {
    hop: 6,
    hops: [6],
    rows: [15, 27, 28, 29, 30, 31, 32, 40, 41],
    title:
      'live: the deployed resource policy answers as the one read (policy changed after the last deployment?)',
  },
  'probe.iam': {
    hop: 7,
    hops: [7],
    rows: [33, 34, 35, 36],
    title: "live: IAM authorization of the doctor's identity agrees with the policies read",
  },
  'probe.handler': {
    hop: 8,
    hops: [8],
    rows: [2, 37, 38, 39],
    title: 'live: the stage, route and integration answer (deployed, no 5xx)',
  },
} as const satisfies Record<
  string,
  { hop: Hop; hops: readonly Hop[]; rows: readonly number[]; title: string }
>

export type ProbeCheckId = keyof typeof PROBE_META

/** The probe check ids, in the order they are run and reported (the order of the table). */
export const PROBE_CHECK_IDS = Object.keys(PROBE_META) as ProbeCheckId[]

/** True for the ids of the `probe.*` checks (hidden from reports of snapshots without a probe). */
export const isProbeCheck = (id: string): id is ProbeCheckId => id in PROBE_META
