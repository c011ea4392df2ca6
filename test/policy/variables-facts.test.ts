/**
 * Policy-variable rules that mutation testing (issue 18) found unpinned: a multivalued key
 * never substitutes, even with a single value; a default may be followed by spaces.
 */
import { describe, expect, it } from 'vitest'
import { normalizeContext } from '../../src/policy/context.js'
import { piecesText, resolveVariables } from '../../src/policy/variables.js'

describe('resolveVariables', () => {
  it('a multivalued key (given as an array) does not substitute, even with one value', () => {
    expect(
      resolveVariables('${app:team}', '2012-10-17', normalizeContext({ 'app:team': ['a'] })),
    ).toBeUndefined()
    const single = resolveVariables('${app:team}', '2012-10-17', normalizeContext({ 'app:team': 'a' }))
    expect(single && piecesText(single)).toBe('a')
  })

  it("a default may be followed by spaces inside the braces: ${key, 'd' }", () => {
    const r = resolveVariables("x-${app:team, 'none' }", '2012-10-17', normalizeContext({}))
    expect(r && piecesText(r)).toBe('x-none')
  })

  it('a key holding a comma is not split into a key and a default', () => {
    // Only `key, 'default'` is default syntax; "a,b, 'c'" is one (unresolvable) key.
    expect(resolveVariables("${app:a,app:b, 'c'}", '2012-10-17', normalizeContext({}))).toBeUndefined()
    // Text after the quoted default is not default syntax either.
    expect(resolveVariables("${app:k, 'd' x}", '2012-10-17', normalizeContext({}))).toBeUndefined()
  })
})
