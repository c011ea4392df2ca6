/**
 * The agreement table: what the wire saw × what the configuration of the hop says → the probe
 * check's status, the agreement, the confidence, and (for a stopped request) how its hop was
 * placed. Deciding (decide-hop.ts, decide-dns.ts) picks a row; words.ts says why.
 *
 * | wire \ configuration | fails                     | unknown                    | passes                         |
 * |----------------------|---------------------------|----------------------------|--------------------------------|
 * | stops at this hop    | fail: agrees (confirmed)  | fail: live only            | fail: disagrees, likely cause  |
 * | gets through         | warn: disagrees           | pass: live only            | pass: agrees                   |
 *
 * "Unknown" counts only checks that could matter: a check whose fact the probe measured itself
 * is settled by the measurement, and a check that reads only the likely cause of a disagreement
 * is named as that cause instead of hiding it (reading.ts).
 */
import type { CheckStatus } from '../outcome.js'
import type { Agreement, Confidence, Placement } from './types.js'

export interface AgreementRow {
  readonly status: CheckStatus
  readonly agreement: Agreement
  readonly confidence: Confidence
  /** How a stopped request is placed when this row holds at its hop. */
  readonly placement?: Placement
}

export const AGREEMENT = {
  // The wire stops at the hop.
  'stops × fails': { status: 'fail', agreement: 'agrees', confidence: 'high', placement: 'configuration' },
  /** The probe sent another route than the one evaluated (--probe-path). */
  'stops × fails, other route': { status: 'fail', agreement: 'agrees', confidence: 'medium' },
  /** The configuration could not read the fact; the probe measured it (the clock). */
  'stops × measured live': {
    status: 'fail',
    agreement: 'live-only',
    confidence: 'high',
    placement: 'live-measurement',
  },
  'stops × unknown': {
    status: 'fail',
    agreement: 'live-only',
    confidence: 'medium',
    placement: 'unreadable-configuration',
  },
  /** Placed by the message's words only. */
  'stops × unknown, by wording': {
    status: 'fail',
    agreement: 'live-only',
    confidence: 'low',
    placement: 'wording',
  },
  'stops × passes': { status: 'fail', agreement: 'disagrees', confidence: 'medium', placement: 'candidates' },
  'stops × passes, other route': { status: 'warn', agreement: 'disagrees', confidence: 'low' },
  // The wire gets through the hop.
  'through × fails': { status: 'warn', agreement: 'disagrees', confidence: 'medium' },
  'through × unknown': { status: 'pass', agreement: 'live-only', confidence: 'medium' },
  'through × passes': { status: 'pass', agreement: 'agrees', confidence: 'high' },
  'through × passes, other route': { status: 'pass', agreement: 'agrees', confidence: 'medium' },
  /** The configured client's signing fails, pvapi's own signing gets through. */
  'through × fails, client settings': { status: 'pass', agreement: 'not-comparable', confidence: 'medium' },
  /** DNS answers, but the endpoint's addresses are unknown. */
  'through × unknown addresses': { status: 'pass', agreement: 'live-only', confidence: 'low' },
  /** DNS answers right from a host whose resolver may not be the caller's. */
  'through, not comparable': { status: 'pass', agreement: 'not-comparable', confidence: 'low' },
  // The wire cannot speak for the caller, or never reached the hop.
  'not comparable': { status: 'skipped', agreement: 'not-comparable', confidence: 'low' },
  /** One zone is cut off, seen from a host outside the caller's network. */
  'zone cut off, not comparable': { status: 'warn', agreement: 'not-comparable', confidence: 'low' },
  'not reached': { status: 'skipped', agreement: 'not-reached', confidence: 'low' },
} as const satisfies Record<string, AgreementRow>

export type RowKey = keyof typeof AGREEMENT
