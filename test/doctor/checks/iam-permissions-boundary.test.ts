/**
 * iam.permissions-boundary, the facts the policy-checks tests leave open: which ARN the fix and the
 * resource name, the lines of the fix, and what an unknown says is missing.
 */
import { describe, expect, it } from 'vitest'
import { iamPermissionsBoundary } from '../../../src/doctor/checks/iam-permissions-boundary.js'
import { A, type Statement, denied, healthy, ok, val } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const BOUNDARY = `arn:aws:iam::${A}:policy/boundary`
const LIMIT =
  '# a managed policy keeps 5 versions at most: delete an old one first if this fails with LimitExceeded'
const withBoundary = (statements: Statement[] | string, name = BOUNDARY) => {
  const s = healthy()
  val(s.caller.role).permissionsBoundaryArn = BOUNDARY
  s.caller.permissionsBoundary = ok({
    name,
    document: typeof statements === 'string' ? statements : { Version: '2012-10-17', Statement: statements },
  })
  return s
}
const s3Only: Statement[] = [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]

describe('iam.permissions-boundary, the facts of each branch', () => {
  it('no Allow: the fix is the new version command, then the 5-versions note, nothing before', () => {
    const f = runCheck(iamPermissionsBoundary, withBoundary(s3Only))
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(
      new RegExp(
        `^aws iam create-policy-version --policy-arn ${BOUNDARY} --set-as-default --policy-document '`,
      ),
    )
    expect(lines.slice(1)).toEqual([LIMIT])
  })
  it('an explicit Deny: the fix starts with a note on the correction, then the command', () => {
    const f = runCheck(
      iamPermissionsBoundary,
      withBoundary([
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'NoApis', Effect: 'Deny', Action: 'execute-api:*', Resource: '*' },
      ]),
    )
    expectFinding(f, 'fail', { summary: ['explicitly denies'] })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# \S/)
    expect(lines[1]).toContain(`aws iam create-policy-version --policy-arn ${BOUNDARY} `)
    expect(lines[2]).toBe(LIMIT)
  })
  it('the ARN is the role’s boundary ARN; with the role unread, the name the boundary was read under', () => {
    const s = withBoundary(s3Only, 'boundary-as-read')
    expectFinding(runCheck(iamPermissionsBoundary, s), 'fail', { resource: BOUNDARY, summary: [BOUNDARY] })
    s.caller.role = denied('iam:GetRole')
    const f = runCheck(iamPermissionsBoundary, s)
    expectFinding(f, 'fail', { resource: 'boundary-as-read', fix: ['--policy-arn boundary-as-read '] })
  })
  it('a pass names the boundary it was read under', () => {
    const f = runCheck(
      iamPermissionsBoundary,
      withBoundary([{ Effect: 'Allow', Action: '*', Resource: '*' }], 'boundary-as-read'),
    )
    expectFinding(f, 'pass', { summary: ['the permissions boundary boundary-as-read allows'] })
  })
  it('unreadable: unknown with the denied action in the summary and in what is missing', () => {
    const s = healthy()
    s.caller.permissionsBoundary = denied('iam:GetPolicyVersion')
    const f = runCheck(iamPermissionsBoundary, s)
    expectFinding(f, 'unknown', {
      summary: ['could not read the permissions boundary: ', 'iam:GetPolicyVersion'],
    })
    expect(f.missing).toContain('iam:GetPolicyVersion')
  })
  it('not JSON: unknown with the parse error, nothing to supply', () => {
    const f = runCheck(iamPermissionsBoundary, withBoundary('{not json'))
    expectFinding(f, 'unknown', { summary: ['the permissions boundary could not be parsed: '] })
    expect(f.summary.length).toBeGreaterThan('the permissions boundary could not be parsed: '.length)
    expect(f.missing).toEqual([])
  })
  it('the caller unknown: unknown, the boundary cannot be evaluated, and why', () => {
    const s = withBoundary(s3Only)
    s.caller.principal = denied('sts:GetCallerIdentity')
    const f = runCheck(iamPermissionsBoundary, s)
    expectFinding(f, 'unknown', {
      summary: ['cannot evaluate the boundary: ', 'calling principal is unknown'],
    })
    expect(f.missing!.length).toBeGreaterThan(0)
  })
  it('no boundary: pass saying so', () => {
    const s = healthy()
    s.caller.permissionsBoundary = ok(null)
    expectFinding(runCheck(iamPermissionsBoundary, s), 'pass', { summary: ['no permissions boundary'] })
  })
})
