/**
 * `pvapi call -4/-6` (curl's flags) against the loopback fake gateway listening on 127.0.0.1
 * and ::1 (one port, two "ENI" addresses of a dual-stack endpoint). Given a name that resolves
 * to both families (a `--resolve` pin with both, or a loopback DNS server answering A and AAAA),
 * When pvapi calls with -4 or -6, Then it connects only over that family; without either it
 * uses the first address given; a pin with none of the family is refused (exit 2) rather than
 * quietly dropped (curl falls back to DNS). Skipped, saying why, where ::1 cannot be bound.
 */
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeDns } from '../dns/fake-dns-server.mjs'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { TEMP, envFor, runCli, tempFiles } from '../helpers/run-cli.js'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`

/** Whether this machine can listen on ::1 (containers without IPv6 cannot). */
async function ipv6Loopback(): Promise<string | undefined> {
  return new Promise(resolve => {
    const s = createServer()
    s.once('error', (err: NodeJS.ErrnoException) =>
      resolve(`::1 is unavailable here (${err.code ?? err.message})`),
    )
    s.listen(0, '::1', () => s.close(() => resolve(undefined)))
  })
}

const noIpv6 = await ipv6Loopback()
if (noIpv6) console.log(`call-address-family: skipping the -4/-6 calls: ${noIpv6}`)

describe.skipIf(noIpv6 !== undefined)('pvapi call -4/-6 on a dual-stack loopback gateway', () => {
  let gw: FakeGateway
  let dns: Awaited<ReturnType<typeof startFakeDns>>
  let ca: string

  beforeAll(async () => {
    gw = await startFakeGateway({
      apis: [{ id: API }],
      listen: [{ address: '127.0.0.1' }, { address: '::1' }],
    })
    gw.credentials.add(TEMP.accessKeyId, {
      secretAccessKey: TEMP.secretAccessKey,
      sessionToken: TEMP.sessionToken,
      principalArn: TEMP.arn,
    })
    dns = await startFakeDns({ [HOST]: { A: ['127.0.0.1'], AAAA: ['::1'] } })
    ca = join(tempFiles({ 'ca.pem': gw.caPem }), 'ca.pem')
  })
  afterAll(async () => {
    await gw?.close()
    await dns?.close()
  })

  const url = () => `https://${HOST}:${gw.port}/prod/items`
  const pinBoth = () => ['--resolve', `${HOST}:${gw.port}:127.0.0.1,[::1]`]
  const call = (args: string[]) =>
    runCli(['call', url(), '--cacert', ca, '-w', '%{remote_ip}', '-o', '/dev/null', ...args], {
      env: envFor(TEMP),
    })

  it('-6 with a pin of both families connects to ::1, signed and accepted', async () => {
    const r = await call([...pinBoth(), '-6'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toBe('::1')
    expect(gw.requests.at(-1)).toMatchObject({ localAddress: '::1', servername: HOST, status: 200 })
  })

  it('-4 with the same pin connects to 127.0.0.1', async () => {
    const r = await call([...pinBoth(), '-4'])
    expect(r.code).toBe(0)
    expect(r.out).toBe('127.0.0.1')
    expect(gw.requests.at(-1)?.localAddress).toBe('127.0.0.1')
  })

  it('-6 and -4 with --dns-servers ask for that family only and connect over it', async () => {
    const server = ['--dns-servers', `${dns.host}:${dns.port}`]
    const before = dns.queries.length
    const v6 = await call([...server, '-6'])
    expect(v6.code).toBe(0)
    expect(v6.out).toBe('::1')
    expect(dns.queries.slice(before)).toEqual([`AAAA ${HOST}`])
    const mid = dns.queries.length
    const v4 = await call([...server, '-4'])
    expect(v4.code).toBe(0)
    expect(v4.out).toBe('127.0.0.1')
    expect(dns.queries.slice(mid)).toEqual([`A ${HOST}`])
  })

  it('a pin with no address of the family is refused (exit 2), not replaced by a DNS lookup', async () => {
    const r = await call(['--resolve', `${HOST}:${gw.port}:127.0.0.1`, '-6'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^pvapi: -6\/--ipv6: --resolve pins .* to 127\.0\.0\.1, none of them IPv6/)
  })

  it('-4 and -6 together are refused (exit 2)', async () => {
    const r = await call([...pinBoth(), '-4', '-6'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('-4/--ipv4 and -6/--ipv6 contradict each other')
  })
})
