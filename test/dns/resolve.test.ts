/**
 * Name resolution against a real DNS server on loopback (dns-packet over UDP): answers,
 * NXDOMAIN, AAAA-only names, SERVFAIL and a silent server; and `--dns-server` parsing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDnsServer, resolveHost } from '../../src/dns/resolve.js'
import { startFakeDns } from './fake-dns-server.mjs'

let dns: Awaited<ReturnType<typeof startFakeDns>>
beforeAll(async () => {
  dns = await startFakeDns({
    'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com': { A: ['10.0.2.10', '10.0.3.10'] },
    'v6only.example.internal': { AAAA: ['fd00::10'] },
    'dual.example.internal': { A: ['10.0.2.10'], AAAA: ['fd00::10', 'fd00::11'] },
    'broken.example.internal': 'SERVFAIL',
    'silent.example.internal': 'TIMEOUT',
  })
})
afterAll(async () => {
  await dns.close()
})

describe('resolveHost with a given server', () => {
  const server = () => ({ host: dns.host, port: dns.port })

  it('returns the A records', async () => {
    const a = await resolveHost('a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', server())
    expect(a).toEqual({
      server: `127.0.0.1:${dns.port}`,
      result: 'answer',
      addresses: ['10.0.2.10', '10.0.3.10'],
      asked: ['A', 'AAAA'],
    })
    expect(dns.queries).toContain('A a1b2c3d4e5.execute-api.us-east-1.amazonaws.com')
    expect(dns.queries).toContain('AAAA a1b2c3d4e5.execute-api.us-east-1.amazonaws.com')
  })

  it('reports NXDOMAIN as an answer, not an error', async () => {
    expect(await resolveHost('nothing-here.example.internal', server())).toMatchObject({
      result: 'nxdomain',
      addresses: [],
    })
  })

  it('falls back to AAAA when a name has no A record', async () => {
    expect(await resolveHost('v6only.example.internal', server())).toMatchObject({
      result: 'answer',
      addresses: ['fd00::10'],
    })
  })

  it('asks for AAAA even when there are A records: a dual-stack name gives both, IPv4 first', async () => {
    expect(await resolveHost('dual.example.internal', server())).toEqual({
      server: `127.0.0.1:${dns.port}`,
      result: 'answer',
      addresses: ['10.0.2.10', 'fd00::10', 'fd00::11'],
      asked: ['A', 'AAAA'],
    })
    expect(dns.queries).toContain('AAAA dual.example.internal')
  })

  it('throws on SERVFAIL and on a server that does not answer', async () => {
    await expect(resolveHost('broken.example.internal', server())).rejects.toMatchObject({
      code: 'ESERVFAIL',
    })
    await expect(resolveHost('silent.example.internal', server(), 200)).rejects.toMatchObject({
      code: 'ETIMEOUT',
    })
  })
})

describe('parseDnsServer', () => {
  it.each([
    ['10.0.0.2', { host: '10.0.0.2', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['fd00::2', { host: 'fd00::2', port: 53 }],
    ['[fd00::2]:5353', { host: 'fd00::2', port: 5353 }],
  ])('%s', (spec, want) => expect(parseDnsServer(spec)).toEqual(want))

  it.each(['dns.example.com', '10.0.0.2:0', '10.0.0.2:99999', ''])('rejects %j', spec =>
    expect(() => parseDnsServer(spec)).toThrow(/--dns-server/),
  )
})
