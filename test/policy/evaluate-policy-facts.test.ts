/**
 * evaluate-policy.ts rules that mutation testing (issue 18) found unpinned: the permissions
 * boundary rule is for Deny only, a statement's reference carries a Sid only when it has one,
 * and an SCP statement without Resource applies to every resource.
 */
import { describe, expect, it } from 'vitest'
import { normalizeContext } from '../../src/policy/context.js'
import { evaluateParsed, evaluatePolicy, matchedRefs } from '../../src/policy/evaluate-policy.js'
import { parsePolicy } from '../../src/policy/parse.js'
import { parseCaller } from '../../src/policy/principal.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'
const ROLE = 'arn:aws:iam::111111111111:role/app'

describe('NotPrincipal and a permissions boundary', () => {
  const notPrincipal = (Effect: 'Allow' | 'Deny') =>
    parsePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
          { Sid: 'NotApp', Effect, NotPrincipal: { AWS: ROLE }, Action: 'execute-api:Invoke', Resource: '*' },
        ],
      },
      { kind: 'resource' },
    )
  const run = (Effect: 'Allow' | 'Deny') =>
    evaluateParsed(
      notPrincipal(Effect),
      parseCaller(ROLE),
      'execute-api:Invoke',
      RESOURCE,
      normalizeContext({}),
      { callerHasBoundary: true },
    )

  it('a Deny with NotPrincipal still denies an excluded caller that has a boundary', () => {
    const r = run('Deny')
    expect(r.decision).toBe('explicit-deny')
    expect(r.statements[1]?.notPrincipalBoundaryRule).toBe(true)
    expect(r.statements[1]?.principalMatched).toBe(true)
  })

  it('an Allow with NotPrincipal does not apply to the excluded caller, boundary or not', () => {
    const r = run('Allow')
    expect(r.decision).toBe('allow')
    expect(r.statements[1]?.principalMatched).toBe(false)
    expect(r.statements[1]?.applies).toBe(false)
    expect(r.statements[1]?.notPrincipalBoundaryRule).toBeUndefined()
    expect(r.matchedStatements.map(s => s.sid)).toEqual(['Everyone'])
  })
})

describe('matched statement references', () => {
  it('carry a sid only for statements that have one', () => {
    const r = evaluatePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
          { Sid: 'Named', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
        ],
      },
      { resource: RESOURCE },
    )
    expect(r.matchedStatements).toHaveLength(2)
    expect(Object.keys(r.matchedStatements[0] ?? {})).not.toContain('sid')
    expect(r.matchedStatements[1]?.sid).toBe('Named')
    expect(Object.keys(matchedRefs(r.statements)[0] ?? {}).sort()).toEqual(['effect', 'index'])
  })
})

describe('an SCP statement without Resource', () => {
  it('applies to every resource (SCPs may omit Resource)', () => {
    const r = evaluatePolicy(
      { Version: '2012-10-17', Statement: [{ Sid: 'NoRes', Effect: 'Deny', Action: 'execute-api:Invoke' }] },
      { resource: RESOURCE },
      { kind: 'scp' },
    )
    expect(r.statements[0]?.resourceMatched).toBe(true)
    expect(r.decision).toBe('explicit-deny')
    expect(r.matchedStatements[0]?.sid).toBe('NoRes')
  })
})
