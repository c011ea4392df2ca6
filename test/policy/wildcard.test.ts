/**
 * wildcard.ts rule by rule: actions (case-insensitive), StringLike (case-sensitive, whole
 * value), resources and ArnLike (ARN-aware: wildcards stay inside a prefix segment), and the
 * literal pieces of substituted policy variables, which are never wildcards.
 */
import { describe, expect, it } from 'vitest'
import type { Piece } from '../../src/policy/variables.js'
import { actionMatches, arnMatches, resourceMatches, stringLikeMatches } from '../../src/policy/wildcard.js'

const glob = (text: string): Piece[] => [{ text, literal: false }]
const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'

describe('actionMatches', () => {
  it('ignores case, with and without wildcards', () => {
    expect(actionMatches('execute-api:invoke', 'execute-api:Invoke')).toBe(true)
    expect(actionMatches('EXECUTE-API:Inv?ke', 'execute-api:invoke')).toBe(true)
    expect(actionMatches('execute-api:*', 'EXECUTE-API:ManageConnections')).toBe(true)
    expect(actionMatches('*', 'anything:AtAll')).toBe(true)
  })

  it('matches the whole action, and a ? exactly one character', () => {
    expect(actionMatches('execute-api:Invoke', 'execute-api:InvokeX')).toBe(false)
    expect(actionMatches('execute-api:Inv?ke', 'execute-api:Invke')).toBe(false)
    expect(actionMatches('execute-api:Inv*', 'execute-api:Invoke')).toBe(true)
    expect(actionMatches('execute-api:Inv*', 'xexecute-api:Invoke')).toBe(false)
    expect(actionMatches('*:Invoke', 'execute-api:Invoke')).toBe(true)
    // Regex characters in a pattern are literal.
    expect(actionMatches('execute-api:In.oke*', 'execute-api:Invoke')).toBe(false)
  })
})

describe('stringLikeMatches', () => {
  it('is case-sensitive and anchored at both ends', () => {
    expect(stringLikeMatches(glob('vpce-*'), 'vpce-1')).toBe(true)
    expect(stringLikeMatches(glob('vpce-*'), 'VPCE-1')).toBe(false)
    expect(stringLikeMatches(glob('vpce-*'), 'x-vpce-1')).toBe(false)
    expect(stringLikeMatches(glob('vpce-?'), 'vpce-12')).toBe(false)
    expect(stringLikeMatches(glob('vpce-1'), 'vpce-1')).toBe(true)
    expect(stringLikeMatches(glob('vpce-1'), 'vpce-10')).toBe(false)
  })

  it('lets * and ? cross colons, slashes and line breaks', () => {
    expect(stringLikeMatches(glob('a*b'), 'a:/\nb')).toBe(true)
    expect(stringLikeMatches(glob('a?b'), 'a\nb')).toBe(true)
    expect(stringLikeMatches(glob('a?b'), 'a:b')).toBe(true)
  })

  it('never reads a substituted value as a wildcard', () => {
    const pieces: Piece[] = [
      { text: 'team-', literal: false },
      { text: '*', literal: true },
    ]
    expect(stringLikeMatches(pieces, 'team-*')).toBe(true)
    expect(stringLikeMatches(pieces, 'team-x')).toBe(false)
    const mixed: Piece[] = [
      { text: 'a.', literal: true },
      { text: '*', literal: false },
    ]
    expect(stringLikeMatches(mixed, 'a.b')).toBe(true)
    expect(stringLikeMatches(mixed, 'axb')).toBe(false)
  })
})

describe('resourceMatches', () => {
  it('"*" alone covers everything; a literal ARN only itself, case-sensitively', () => {
    expect(resourceMatches('*', 'not even an arn')).toBe(true)
    expect(resourceMatches(RESOURCE, RESOURCE)).toBe(true)
    expect(resourceMatches(RESOURCE, RESOURCE.replace('GET', 'get'))).toBe(false)
    expect(resourceMatches(RESOURCE, `${RESOURCE}/more`)).toBe(false)
  })

  it('a substituted "*" is a literal star, not everything', () => {
    const pieces: Piece[] = [{ text: '*', literal: true }]
    expect(resourceMatches(pieces, RESOURCE)).toBe(false)
    expect(resourceMatches(pieces, '*')).toBe(true)
    const tail: Piece[] = [
      { text: 'arn:aws:execute-api:us-east-1:111111111111:abc123/', literal: false },
      { text: 'prod', literal: true },
      { text: '/*', literal: false },
    ]
    expect(resourceMatches(tail, RESOURCE)).toBe(true)
    expect(resourceMatches(tail, RESOURCE.replace('/prod/', '/dev/'))).toBe(false)
  })

  it('a non-ARN resource pattern is a plain glob, crossing colons', () => {
    expect(resourceMatches('a*b', 'a:b')).toBe(true)
    expect(resourceMatches('a?b', 'a:b')).toBe(true)
    expect(resourceMatches('a?b', 'ab')).toBe(false)
  })

  it('counts colons in literal pieces too when finding the resource segment', () => {
    const pieces: Piece[] = [
      { text: 'arn:aws:execute-api:us-east-1:111111111111:', literal: true },
      { text: 'abc123/?rod/*', literal: false },
    ]
    expect(resourceMatches(pieces, RESOURCE)).toBe(true)
    // In the resource segment a ? may be a colon.
    expect(resourceMatches(pieces, RESOURCE.replace('/prod/', '/:rod/'))).toBe(true)
    const prefix: Piece[] = [
      { text: 'arn:aws:', literal: true },
      { text: 'execute-api:us-east-?:111111111111:*', literal: false },
    ]
    expect(resourceMatches(prefix, RESOURCE)).toBe(true)
    expect(resourceMatches(prefix, RESOURCE.replace('us-east-1', 'us-east-:'))).toBe(false)
  })

  it('a * ending a prefix segment runs past its colon; one inside it does not', () => {
    expect(resourceMatches('arn:aws:execute-api:us-*', RESOURCE)).toBe(true)
    expect(resourceMatches('arn:aws:execute-api:us-*:111111111111:abc123/*', RESOURCE)).toBe(true)
    expect(resourceMatches('arn:aws:execute-api:*-1:111111111111:abc123/*', RESOURCE)).toBe(true)
    expect(
      resourceMatches(
        'arn:aws:execute-api:*-1:111111111111:abc123/*',
        RESOURCE.replace('us-east-1', 'us:east-1'),
      ),
    ).toBe(false)
  })
})

describe('arnMatches', () => {
  it('never matches a value that is not a whole ARN against an ARN pattern', () => {
    expect(arnMatches(glob('arn:*'), 'vpce-1')).toBe(false)
    expect(arnMatches(glob('arn:*'), 'arn:aws:iam::111111111111')).toBe(false)
    expect(arnMatches(glob('arn:*'), 'arn:aws:iam::111111111111:role/app')).toBe(true)
    expect(arnMatches(glob('arn:aws:iam::111111111111:role/*'), 'arn:aws:iam::111111111111:role/app')).toBe(
      true,
    )
    expect(arnMatches(glob('arn:aws:iam::111111111111:role/*'), 'arn:aws:iam::222222222222:role/app')).toBe(
      false,
    )
  })

  it('compares a non-ARN pattern as a glob', () => {
    expect(arnMatches(glob('*'), 'vpce-1')).toBe(true)
    expect(arnMatches(glob('vpce-?'), 'vpce-1')).toBe(true)
  })

  it('reads pieces from variable substitution the same way', () => {
    const pieces: Piece[] = [
      { text: 'arn:aws:iam::', literal: false },
      { text: '111111111111', literal: true },
      { text: ':role/*', literal: false },
    ]
    expect(arnMatches(pieces, 'arn:aws:iam::111111111111:role/app')).toBe(true)
    expect(arnMatches(pieces, 'arn:aws:iam::222222222222:role/app')).toBe(false)
    expect(arnMatches(pieces, 'not-an-arn')).toBe(false)
  })
})

describe('the edges mutation testing found', () => {
  it('a * that ends a piece runs past a colon that starts the next piece', () => {
    const pieces: Piece[] = [
      { text: 'arn:aws:execute-api:*', literal: false },
      { text: ':111111111111:abc123/*', literal: false },
    ]
    expect(resourceMatches(pieces, 'arn:aws:execute-api:us:east-1:111111111111:abc123/prod')).toBe(true)
  })

  it('finds the character after a * at the right place after earlier pieces of either kind', () => {
    const value = 'arn:aws:execute-api:us-x:y:111111111111:abc123/prod'
    const afterLiteral: Piece[] = [
      { text: 'arn:aws:', literal: true },
      { text: 'execute-api:us-*:111111111111:abc123/*', literal: false },
    ]
    expect(resourceMatches(afterLiteral, value)).toBe(true)
    const afterGlob: Piece[] = [
      { text: 'arn:aws:execute-api:', literal: false },
      { text: 'us', literal: true },
      { text: '-*:111111111111:abc123/*', literal: false },
    ]
    expect(resourceMatches(afterGlob, value)).toBe(true)
  })

  it('a literal * between wildcard pieces is a star', () => {
    const pieces: Piece[] = [
      { text: 'arn:aws:execute-api:us-east-1:111111111111:abc123/', literal: false },
      { text: '*', literal: true },
      { text: '/*', literal: false },
    ]
    expect(resourceMatches(pieces, RESOURCE)).toBe(false)
    expect(resourceMatches(pieces, 'arn:aws:execute-api:us-east-1:111111111111:abc123/*/GET')).toBe(true)
  })

  it('a literal piece is never confused with a cached pattern of the same text', () => {
    expect(resourceMatches('*', RESOURCE)).toBe(true)
    expect(resourceMatches([{ text: '*', literal: true }], RESOURCE)).toBe(false)
    expect(stringLikeMatches(glob('*'), 'x')).toBe(true)
    expect(stringLikeMatches([{ text: '*', literal: true }], 'x')).toBe(false)
  })

  it('resource wildcards cross line breaks too', () => {
    expect(resourceMatches('arn:aws:s3:::a/*', 'arn:aws:s3:::a/x\ny')).toBe(true)
  })

  it('action wildcards ignore colons: actions have no ARN segments', () => {
    expect(actionMatches('execute-api?Invoke', 'execute-api:Invoke')).toBe(true)
    expect(actionMatches('exec*Invoke', 'execute-api:Invoke')).toBe(true)
    expect(actionMatches('??', 'ab')).toBe(true)
  })

  it('ArnLike refuses a value of fewer than six parts even when the pattern pieces would match it', () => {
    const pieces: Piece[] = [
      { text: 'arn:', literal: false },
      { text: 'aws', literal: true },
      { text: ':*', literal: false },
    ]
    expect(arnMatches(pieces, 'arn:aws:iam::1')).toBe(false)
    expect(arnMatches(pieces, 'arn:aws:iam::111111111111:role/app')).toBe(true)
  })
})
