/**
 * Edges of the signer and the query canonicalization that the vectors do not reach: the path is
 * URI-encoded once more when signed (SigV4 for every service but S3), repeated keys sort by value
 * whatever their input order, and each rejection carries its code and a hint.
 */
import type { HttpRequest } from '@smithy/types'
import { describe, expect, it } from 'vitest'
import type { PvapiError } from '../../src/core/errors.js'
import { canonicalQuery, parseQuery, toSignerQuery } from '../../src/sign/query.js'
import { signRequest } from '../../src/sign/signer.js'

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
}

function rejection(fn: () => unknown): PvapiError {
  try {
    fn()
  } catch (err) {
    return err as PvapiError
  }
  throw new Error('expected a rejection')
}

describe('signRequest', () => {
  it('signs the path URI-encoded twice (canonical URI of a non-S3 service) and traces both strings', async () => {
    const request: HttpRequest = {
      method: 'GET',
      protocol: 'https:',
      hostname: 'abc1234567.execute-api.us-east-1.amazonaws.com',
      path: '/prod/a%20b',
      headers: { host: 'abc1234567.execute-api.us-east-1.amazonaws.com' },
      query: {},
    }
    const { trace, request: signed } = await signRequest({
      request,
      service: 'execute-api',
      region: 'us-east-1',
      credentials,
      signingDate: new Date('2025-01-15T12:00:00Z'),
    })
    expect(trace.canonicalRequest.split('\n')[1]).toBe('/prod/a%2520b')
    expect(trace.stringToSign.split('\n')).toEqual([
      'AWS4-HMAC-SHA256',
      '20250115T120000Z',
      '20250115/us-east-1/execute-api/aws4_request',
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ])
    expect(signed.headers.authorization).toContain(
      'Credential=AKIDEXAMPLE/20250115/us-east-1/execute-api/aws4_request',
    )
    // No S3-style payload header.
    expect(signed.headers['x-amz-content-sha256']).toBeUndefined()
  })
})

describe('query edges', () => {
  it('repeated keys sort by value in either input order', () => {
    expect(canonicalQuery(parseQuery('a=2&a=1'))).toBe('a=1&a=2')
    expect(canonicalQuery(parseQuery('a=1&a=2'))).toBe('a=1&a=2')
    expect(canonicalQuery(parseQuery('a=b&a=a&a=c&0=z'))).toBe('0=z&a=a&a=b&a=c')
    expect(canonicalQuery(parseQuery('a=1&a=1&b=0'))).toBe('a=1&a=1&b=0')
  })
  it('three values of one key stay a flat list for the signer', () => {
    expect(toSignerQuery(parseQuery('k=1&k=2&k=3'))).toEqual({ k: ['1', '2', '3'] })
    expect(toSignerQuery(parseQuery('k=1&j=2'))).toEqual({ k: '1', j: '2' })
  })
  it('an empty query, with or without "?"', () => {
    expect(parseQuery('')).toEqual([])
    expect(parseQuery('?')).toEqual([])
    expect(parseQuery('?a=1')).toEqual([{ key: 'a', value: '1', hasEquals: true }])
  })
  it('bad percent-encoding: PV_BAD_QUERY naming the component, with a hint about %25', () => {
    const e = rejection(() => parseQuery('ok=1&k=%FF'))
    expect(e.code).toBe('PV_BAD_QUERY')
    expect(e.message).toContain('%FF')
    expect(e.hint).toContain('%25')
  })
  it('a __proto__ key: PV_BAD_QUERY with a hint to rename it', () => {
    const e = rejection(() => parseQuery('__proto__=1'))
    expect(e.code).toBe('PV_BAD_QUERY')
    expect(e.hint).toContain('rename')
  })
})
