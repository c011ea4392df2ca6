/**
 * Policy variables (variables.ts) piece by piece: which text stays a pattern and which is a
 * literal from the request, defaults, escapes, and which keys a value names.
 */
import { describe, expect, it } from 'vitest'
import { normalizeContext } from '../../src/policy/context.js'
import {
  hasVariables,
  piecesText,
  plainPieces,
  resolveVariables,
  variableKeys,
} from '../../src/policy/variables.js'

const ctx = normalizeContext({ 'aws:username': 'alice', 'aws:TagKeys': ['a'], 'aws:empty': [] })
const V = '2012-10-17'

describe('resolveVariables', () => {
  it('splits text around variables: the text stays a pattern, the value is literal', () => {
    expect(resolveVariables('home/${aws:username}/*', V, ctx)).toEqual([
      { text: 'home/', literal: false },
      { text: 'alice', literal: true },
      { text: '/*', literal: false },
    ])
    expect(resolveVariables('${aws:username}', V, ctx)).toEqual([{ text: 'alice', literal: true }])
    expect(resolveVariables('${ AWS:USERNAME }', V, ctx)).toEqual([{ text: 'alice', literal: true }])
  })

  it('uses a default only when the key has no single value', () => {
    expect(resolveVariables("${aws:missing, 'anon'}", V, ctx)).toEqual([{ text: 'anon', literal: true }])
    expect(resolveVariables("${aws:username,'anon'}", V, ctx)).toEqual([{ text: 'alice', literal: true }])
    expect(resolveVariables("${aws:missing, ''}", V, ctx)).toEqual([{ text: '', literal: true }])
    expect(resolveVariables("${aws:TagKeys, 'x'}", V, ctx)).toEqual([{ text: 'x', literal: true }])
    expect(resolveVariables('${aws:TagKeys}', V, ctx)).toBeUndefined()
    expect(resolveVariables('${aws:empty}', V, ctx)).toBeUndefined()
    expect(resolveVariables('a${aws:missing}b', V, ctx)).toBeUndefined()
  })

  it('reads ${*}, ${?} and ${$} as literal characters', () => {
    expect(piecesText(resolveVariables('a${*}${?}${$}', V, ctx) ?? [])).toBe('a*?$')
    expect(resolveVariables('${*}', V, ctx)).toEqual([{ text: '*', literal: true }])
  })

  it('leaves a value without variables, or any value of a 2008-10-17 policy, as one pattern piece', () => {
    expect(resolveVariables('a*b', V, ctx)).toEqual([{ text: 'a*b', literal: false }])
    expect(resolveVariables('${aws:username}', '2008-10-17', ctx)).toEqual([
      { text: '${aws:username}', literal: false },
    ])
    expect(hasVariables('${x}', V)).toBe(true)
    expect(hasVariables('$x', V)).toBe(false)
    expect(hasVariables('${x}', '2008-10-17')).toBe(false)
  })
})

describe('variableKeys', () => {
  it('lists the keys a value names, without escapes, defaults or spaces', () => {
    expect(variableKeys("a${aws:username}b${ aws:PrincipalTag/team }${*}${aws:x, 'd'}")).toEqual([
      'aws:username',
      'aws:PrincipalTag/team',
      'aws:x',
    ])
    expect(variableKeys('no variables')).toEqual([])
  })
})

describe('pieces', () => {
  it('plainPieces is one pattern piece (the same one each time); piecesText joins', () => {
    expect(plainPieces('x')).toEqual([{ text: 'x', literal: false }])
    expect(plainPieces('x')).toBe(plainPieces('x'))
    expect(
      piecesText([
        { text: 'a', literal: false },
        { text: 'b', literal: true },
      ]),
    ).toBe('ab')
    expect(piecesText([])).toBe('')
  })
})
