/**
 * Small doctor outputs: the read-only IAM policies (`--print-iam-policy`) and the list of checks
 * (`--list-checks`). Pure.
 */
import { HOP_TITLES, type Check } from '../doctor/finding.js'

export interface IamPolicies {
  readonly callerAccount: unknown
  readonly apiAccount: unknown
}

/** The two policies as text with a heading each. */
export function renderIamPoliciesText(p: IamPolicies): string {
  return [
    '# Account A (the caller): attach to the identity that runs pvapi doctor (after --profile/--role-arn).',
    JSON.stringify(p.callerAccount, null, 2),
    '',
    '# Account B (the API owner): attach to the role given with --api-role-arn or --api-profile.',
    '# Same account? Attach both to the one identity.',
    JSON.stringify(p.apiAccount, null, 2),
    '',
  ].join('\n')
}

/** One line per check: id, hop, rows, what it verifies. */
export function renderCheckList(checks: readonly Check[]): string {
  const width = Math.max(...checks.map(c => c.id.length))
  const lines = checks.map(
    c =>
      `${String(c.hop)}  ${c.id.padEnd(width)}  ${c.rows.length ? `rows ${c.rows.join(',')}`.padEnd(14) : ''.padEnd(14)}  ${c.title}`,
  )
  return [
    'hop check' + ' '.repeat(Math.max(1, width - 4)) + '  field guide    verifies',
    ...lines,
    '',
    ...Object.entries(HOP_TITLES).map(([h, t]) => `hop ${h}: ${t}`),
    '',
  ].join('\n')
}
