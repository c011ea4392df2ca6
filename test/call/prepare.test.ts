import { describe, expect, it } from 'vitest'
import { prepareRequest } from '../../src/call/prepare.js'
import { planRoute } from '../../src/call/route.js'
import { signPrepared } from '../../src/call/sign-prepared.js'
import { classifyHost } from '../../src/core/target.js'

const HOST = 'abc1234567.execute-api.us-east-1.amazonaws.com'
const route = planRoute({ target: classifyHost(HOST), port: 443, defaultPort: true, hostMode: 'header' })
const creds = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-value-123456',
}
const base = { protocol: 'https:' as const, path: '/prod/items', rawQuery: '', route, method: 'GET' }

describe('prepareRequest + signPrepared', () => {
  it('signs host, date and the session token; never content-length or user-agent', async () => {
    const p = prepareRequest({
      ...base,
      method: 'POST',
      headers: [{ name: 'X-Custom', value: 'v' }],
      body: { bytes: Buffer.from('a=1'), json: false, contentType: 'application/x-www-form-urlencoded' },
    })
    const s = await signPrepared(p, {
      service: 'execute-api',
      region: 'us-east-1',
      credentials: creds,
      signingDate: new Date('2026-01-02T03:04:05Z'),
    })
    expect(s.headers.authorization).toMatch(
      /SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-custom,/,
    )
    expect(s.headers['x-amz-security-token']).toBe(creds.sessionToken)
    expect(s.headers['content-length']).toBe('3')
    expect(s.headers['user-agent']).toMatch(/^pvapi\//)
    expect(s.headers['x-amz-content-sha256']).toBeUndefined()
  })
  it('hashes the body exactly as sent', async () => {
    const bytes = Buffer.from([0, 1, 2, 255])
    const p = prepareRequest({ ...base, method: 'PUT', headers: [], body: { bytes, json: false } })
    const s = await signPrepared(p, {
      service: 'execute-api',
      region: 'us-east-1',
      credentials: creds,
      signingDate: new Date(),
    })
    const { createHash } = await import('node:crypto')
    expect(s.trace?.canonicalRequest.split('\n').at(-1)).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    )
  })
  it('-H "Accept:" removes the default, -H User-Agent is sent unsigned', () => {
    const p = prepareRequest({
      ...base,
      headers: [
        { name: 'Accept', value: undefined },
        { name: 'User-Agent', value: 'me/1' },
      ],
    })
    expect(p.transportHeaders).toEqual({ 'user-agent': 'me/1' })
    expect(p.headers).toEqual({ host: HOST })
  })
  it('repeated headers are joined with commas, as SigV4 canonicalizes them', () => {
    const p = prepareRequest({
      ...base,
      headers: [
        { name: 'X-A', value: '1' },
        { name: 'x-a', value: '2' },
      ],
    })
    expect(p.headers['x-a']).toBe('1,2')
  })
  it('keeps the user Authorization aside (sent only with --no-sign)', async () => {
    const p = prepareRequest({ ...base, headers: [{ name: 'Authorization', value: 'Bearer abc' }] })
    expect(p.userAuthorization).toBe('Bearer abc')
    expect((await signPrepared(p, undefined)).headers.authorization).toBe('Bearer abc')
  })
  it('the request line carries the canonical query in the user order', () => {
    expect(prepareRequest({ ...base, rawQuery: '?b=2&a=x%2fy&c=a+b', headers: [] }).target).toBe(
      '/prod/items?b=2&a=x%2Fy&c=a%2Bb',
    )
  })
})
