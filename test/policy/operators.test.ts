/**
 * Condition operator names (conditions/operators.ts): how a name splits into set operator,
 * base operator and IfExists, in any case, and which combinations IAM refuses.
 */
import { describe, expect, it } from 'vitest'
import { canonicalOperatorName, OPERATORS, parseOperatorName } from '../../src/policy/conditions/operators.js'

describe('parseOperatorName', () => {
  it('splits a name into its parts, in any case', () => {
    expect(parseOperatorName('StringEquals')).toEqual({ ok: true, base: 'StringEquals', ifExists: false })
    expect(parseOperatorName('stringlikeifexists')).toEqual({ ok: true, base: 'StringLike', ifExists: true })
    expect(parseOperatorName('ForAnyValue:StringEquals')).toEqual({
      ok: true,
      base: 'StringEquals',
      set: 'ForAnyValue',
      ifExists: false,
    })
    expect(parseOperatorName('forallvalues:ArnLikeIfExists')).toEqual({
      ok: true,
      base: 'ArnLike',
      set: 'ForAllValues',
      ifExists: true,
    })
    expect(parseOperatorName('Null')).toEqual({ ok: true, base: 'Null', ifExists: false })
  })

  it('names what is unknown', () => {
    const set = parseOperatorName('ForSomeValues:StringEquals')
    expect(set).toMatchObject({ ok: false, code: 'unknown-operator' })
    expect(set.ok ? '' : set.message).toContain('"ForSomeValues"')
    const base = parseOperatorName('StringIs')
    expect(base).toMatchObject({ ok: false, code: 'unknown-operator' })
    expect(base.ok ? '' : base.message).toContain('"StringIs"')
    expect(parseOperatorName('IfExists')).toMatchObject({ ok: false, code: 'unknown-operator' })
    expect(parseOperatorName('StringIsIfExists')).toMatchObject({ ok: false, code: 'unknown-operator' })
    const emptySet = parseOperatorName(':StringEquals')
    expect(emptySet).toMatchObject({ ok: false, code: 'unknown-operator' })
    expect(emptySet.ok ? '' : emptySet.message).toBe(
      'unknown set operator "" (expected ForAnyValue or ForAllValues)',
    )
  })

  it('refuses Null with IfExists or a set operator, and says which', () => {
    const ifExists = parseOperatorName('NullIfExists')
    expect(ifExists).toMatchObject({ ok: false, code: 'invalid-operator' })
    expect(ifExists.ok ? '' : ifExists.message).toMatch(/IfExists/)
    const set = parseOperatorName('ForAllValues:Null')
    expect(set).toMatchObject({ ok: false, code: 'invalid-operator' })
    expect(set.ok ? '' : set.message).toMatch(/ForAllValues/)
  })
})

describe('canonicalOperatorName and the table', () => {
  it('spells a parsed name back canonically', () => {
    expect(canonicalOperatorName('StringLike', 'ForAnyValue', true)).toBe('ForAnyValue:StringLikeIfExists')
    expect(canonicalOperatorName('Bool', undefined, false)).toBe('Bool')
    for (const name of Object.keys(OPERATORS)) {
      const p = parseOperatorName(name.toUpperCase())
      expect(p.ok && canonicalOperatorName(p.base, p.set, p.ifExists), name).toBe(name)
    }
  })

  it('negated operators point at their positive form; variables only in string and ARN operators', () => {
    expect(OPERATORS.StringNotLike).toMatchObject({ negated: true, positive: 'StringLike', variables: true })
    expect(OPERATORS.NotIpAddress).toMatchObject({ negated: true, positive: 'IpAddress', variables: false })
    expect(OPERATORS.ArnNotEquals).toMatchObject({ negated: true, positive: 'ArnEquals', variables: true })
    expect(OPERATORS.NumericLessThan).toMatchObject({
      negated: false,
      positive: 'NumericLessThan',
      variables: false,
    })
    expect(OPERATORS.DateNotEquals).toMatchObject({ negated: true, positive: 'DateEquals', family: 'date' })
  })
})
