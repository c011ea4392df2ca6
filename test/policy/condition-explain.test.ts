/**
 * One condition test, explained (conditions/evaluate.ts): the decision and the facts a reader
 * of `pvapi policy` output acts on (why a missing key matched or not, which variable could not
 * be resolved, what the variables resolved to).
 */
import { describe, expect, it } from 'vitest'
import { normalizeContext } from '../../src/policy/context.js'
import { evaluateCondition } from '../../src/policy/conditions/evaluate.js'
import { parsePolicy } from '../../src/policy/index.js'
import type { ContextInput } from '../../src/policy/types.js'

/** Evaluates the single condition `{ [operator]: { [key]: values } }` of a 2012-10-17 policy. */
function explain(operator: string, key: string, values: string | string[], context: ContextInput = {}) {
  const policy = parsePolicy({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*', Condition: { [operator]: { [key]: values } } },
    ],
  })
  const condition = policy.statements[0]?.conditions[0]
  if (!condition) throw new Error('no condition parsed')
  return evaluateCondition(condition, policy.version, normalizeContext(context))
}

describe('Null', () => {
  it('true matches an absent key, false a present one, whatever the case of the value', () => {
    expect(explain('Null', 'aws:SourceVpce', 'true')).toMatchObject({
      matched: true,
      reason: 'the key is absent',
    })
    expect(explain('Null', 'aws:SourceVpce', 'TRUE')).toMatchObject({ matched: true })
    expect(explain('Null', 'aws:SourceVpce', 'false')).toMatchObject({ matched: false })
    expect(explain('Null', 'aws:SourceVpce', 'true', { 'aws:SourceVpce': 'vpce-1' })).toMatchObject({
      matched: false,
      reason: 'the key is present',
    })
    expect(explain('Null', 'aws:SourceVpce', 'false', { 'aws:SourceVpce': 'vpce-1' }).matched).toBe(true)
    // An empty multivalued key counts as absent.
    expect(explain('Null', 'aws:TagKeys', 'true', { 'aws:TagKeys': [] }).matched).toBe(true)
  })
})

describe('a missing key', () => {
  it('matches under …IfExists and says why', () => {
    const r = explain('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1')
    expect(r.matched).toBe(true)
    expect(r.reason).toMatch(/^the key is absent: .*IfExists/)
    expect(r.actual).toBe(null)
  })

  it('matches ForAllValues vacuously, never ForAnyValue, and says which', () => {
    const all = explain('ForAllValues:StringEquals', 'aws:TagKeys', 'a')
    expect(all.matched).toBe(true)
    expect(all.reason).toMatch(/ForAllValues .*empty set/)
    const any = explain('ForAnyValue:StringEquals', 'aws:TagKeys', 'a')
    expect(any.matched).toBe(false)
    expect(any.reason).toMatch(/ForAnyValue needs at least one value/)
  })

  it('matches a negated operator, and no positive one', () => {
    const neg = explain('StringNotEquals', 'aws:SourceVpce', 'vpce-1')
    expect(neg.matched).toBe(true)
    expect(neg.reason).toMatch(/negated operator matches a missing key/)
    expect(explain('StringEquals', 'aws:SourceVpce', 'vpce-1')).toMatchObject({
      matched: false,
      reason: 'the key is absent',
    })
  })

  it('tells a key present with no values from an absent one', () => {
    const r = explain('StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] })
    expect(r).toMatchObject({ matched: false, reason: 'the key is present with no values', actual: [] })
    expect(explain('StringEqualsIfExists', 'aws:TagKeys', 'a', { 'aws:TagKeys': [] }).reason).toMatch(
      /^the key is present with no values: /,
    )
  })
})

describe('policy variables', () => {
  it('shows what a variable resolved to, and nothing when no value had one', () => {
    const r = explain('StringEquals', 'aws:PrincipalTag/team', '${aws:username}', {
      'aws:PrincipalTag/team': 'alice',
      'aws:username': 'alice',
    })
    expect(r).toMatchObject({ matched: true, resolved: ['alice'] })
    const plain = explain('StringEquals', 'aws:PrincipalTag/team', 'alice', {
      'aws:PrincipalTag/team': 'alice',
    })
    expect(plain).not.toHaveProperty('resolved')
    expect(plain).not.toHaveProperty('reason')
    expect(
      explain('StringLike', 'aws:PrincipalTag/team', 'team-${aws:username}', {
        'aws:PrincipalTag/team': 'team-bob',
        'aws:username': 'bob',
      }),
    ).toMatchObject({ matched: true, resolved: ['team-bob'] })
  })

  it('cannot match when every value has an unresolved variable, and names the variable', () => {
    const r = explain('StringEquals', 'aws:PrincipalTag/team', '${aws:username}', {
      'aws:PrincipalTag/team': 'x',
    })
    expect(r.matched).toBe(false)
    expect(r.reason).toContain('${aws:username}')
    expect(r.reason).toMatch(/no single value in the request/)
    expect(r.resolved).toEqual([])
  })

  it('ignores a value with an unresolved variable when another value can match, and says so', () => {
    const r = explain('StringEquals', 'aws:PrincipalTag/team', ['${aws:username}', 'x'], {
      'aws:PrincipalTag/team': 'x',
    })
    expect(r.matched).toBe(true)
    expect(r.reason).toBe('unresolved policy variable ${aws:username} ignored')
    expect(r.resolved).toEqual(['x'])
  })
})

describe('several values', () => {
  const tags = { 'aws:TagKeys': ['a', 'b'] }

  it('reads a multivalued key without a set operator as ForAnyValue, and says so', () => {
    const r = explain('StringEquals', 'aws:TagKeys', 'a', tags)
    expect(r.matched).toBe(true)
    expect(r.reason).toMatch(/compared as ForAnyValue/)
    expect(explain('StringNotEquals', 'aws:TagKeys', 'a', tags).matched).toBe(false)
    expect(explain('StringNotEquals', 'aws:TagKeys', 'c', tags).matched).toBe(true)
    // One value, or a single-valued key: nothing to explain.
    expect(explain('StringEquals', 'aws:TagKeys', 'a', { 'aws:TagKeys': ['a'] })).not.toHaveProperty('reason')
  })

  it('joins the multivalued note and the unresolved-variable note', () => {
    const r = explain('StringEquals', 'aws:TagKeys', ['${aws:username}', 'a'], tags)
    expect(r.reason).toBe(
      'multivalued key without ForAnyValue/ForAllValues: compared as ForAnyValue; unresolved policy variable ${aws:username} ignored',
    )
  })

  it('ForAllValues needs every request value to match; ForAnyValue one; negated operators per value', () => {
    expect(explain('ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], tags).matched).toBe(true)
    expect(explain('ForAllValues:StringEquals', 'aws:TagKeys', 'a', tags).matched).toBe(false)
    expect(explain('ForAnyValue:StringEquals', 'aws:TagKeys', 'b', tags).matched).toBe(true)
    expect(explain('ForAnyValue:StringEquals', 'aws:TagKeys', 'c', tags).matched).toBe(false)
    expect(explain('ForAllValues:StringNotEquals', 'aws:TagKeys', 'c', tags).matched).toBe(true)
    expect(explain('ForAllValues:StringNotEquals', 'aws:TagKeys', 'a', tags).matched).toBe(false)
    expect(explain('ForAnyValue:StringNotEquals', 'aws:TagKeys', 'a', tags).matched).toBe(true)
    expect(explain('ForAnyValue:StringNotEquals', 'aws:TagKeys', ['a', 'b'], tags).matched).toBe(false)
    // Set operators explain nothing extra when every value resolved.
    expect(explain('ForAnyValue:StringEquals', 'aws:TagKeys', 'b', tags)).not.toHaveProperty('reason')
  })

  it('reports the operator, key, policy values and request values as written', () => {
    expect(explain('StringEquals', 'aws:TagKeys', ['a', 'z'], tags)).toMatchObject({
      operator: 'StringEquals',
      key: 'aws:TagKeys',
      expected: ['a', 'z'],
      actual: ['a', 'b'],
    })
  })
})
