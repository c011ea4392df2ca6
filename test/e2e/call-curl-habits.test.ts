/**
 * curl habits on `call`: -L across hosts (the credentials stay with the host they were made
 * for), -w '%{json}' / '%{header_json}' and unknown variables, -K config files, and flags that
 * would have been dropped. In-process through main(): none of it is about the process itself.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { TEMP, envFor, tempFiles } from '../helpers/run-cli.js'
import { runInProcess } from '../helpers/run-in-process.js'

const API = 'abc1234567'
const OTHER_API = 'zzz9999999'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const OTHER = `${OTHER_API}.execute-api.us-east-1.amazonaws.com`
let gw: FakeGateway
let other: FakeGateway
let dir: string

beforeAll(async () => {
  other = await startFakeGateway({
    apis: [
      { id: OTHER_API, routes: [{ method: 'ANY', path: '/{proxy+}', authorizationType: 'NONE' as const }] },
    ],
  })
  gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          {
            method: 'GET',
            path: '/away',
            handler: () => ({
              status: 302,
              headers: { location: `https://${OTHER}:${other.port}/prod/landing` },
              body: 'moved',
            }),
          },
          {
            method: 'GET',
            path: '/old',
            handler: { status: 301, headers: { location: '/prod/new?x=1' }, body: '' },
          },
          {
            method: 'GET',
            path: '/loop',
            handler: { status: 302, headers: { location: '/prod/loop' }, body: '' },
          },
          { method: 'ANY', path: '/{proxy+}' },
        ],
      },
    ],
  })
  for (const g of [gw, other])
    g.credentials.add(TEMP.accessKeyId, {
      secretAccessKey: TEMP.secretAccessKey,
      sessionToken: TEMP.sessionToken,
      principalArn: TEMP.arn,
    })
  dir = tempFiles({ 'ca.pem': gw.caPem + other.caPem })
})
afterAll(async () => {
  await gw?.close()
  await other?.close()
})

const via = () => [
  '--connect-to',
  `${HOST}:443:127.0.0.1:${gw.port}`,
  '--connect-to',
  `${OTHER}:${other.port}:127.0.0.1:${other.port}`,
  '--cacert',
  join(dir, 'ca.pem'),
]
const call = (path: string, args: string[] = []) =>
  runInProcess(['call', `https://${HOST}${path}`, ...via(), ...args], { env: envFor(TEMP) })
const header = (h: ReadonlyArray<readonly [string, string]>, name: string) =>
  h.find(([k]) => k.toLowerCase() === name)?.[1]

describe('-L/--location', () => {
  it('a redirect to another host is followed without signature, session token or Authorization, said once', async () => {
    other.clearRequests()
    const r = await call('/prod/away', ['-L', '-H', 'Authorization: Bearer mine', '-H', 'X-Trace: 1'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ path: '/prod/landing' })
    const seen = other.requests.at(-1)!
    expect(seen.url).toBe('/prod/landing')
    expect(header(seen.headers, 'authorization')).toBeUndefined()
    expect(header(seen.headers, 'x-amz-security-token')).toBeUndefined()
    expect(header(seen.headers, 'x-amz-date')).toBeUndefined()
    expect(header(seen.headers, 'x-trace')).toBe('1')
    expect(seen.host).toBe(`${OTHER}:${other.port}`)
    expect(r.stderr.match(/following the redirect/g)).toHaveLength(1)
    expect(r.stderr).toMatch(/without signature, session token or Authorization/)
    expect(r.out).not.toContain('moved')
  })
  it('--location-trusted signs for the other host too', async () => {
    other.clearRequests()
    const r = await call('/prod/away', ['-L', '--location-trusted'])
    expect(r.code).toBe(0)
    const seen = other.requests.at(-1)!
    expect(header(seen.headers, 'authorization')).toMatch(/^AWS4-HMAC-SHA256 /)
    expect(header(seen.headers, 'x-amz-security-token')).toBe(TEMP.sessionToken)
  })
  it('same host: signed afresh for the new path (the fake verifies it)', async () => {
    gw.clearRequests()
    const r = await call('/prod/old', ['-L', '-w', '%{url_effective} %{num_redirects}'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/"principal":"arn:aws:sts::111111111111:assumed-role\/caller-role\/s1"/)
    expect(r.out).toMatch(new RegExp(`https://${HOST}/prod/new\\?x=1 1$`))
    const last = gw.requests.at(-1)!
    expect(last.url).toBe('/prod/new?x=1')
    expect(last.verification?.ok).toBe(true)
  })
  it('--max-redirs bounds a loop: exit 47 like curl', async () => {
    const r = await call('/prod/loop', ['-L', '--max-redirs', '3'])
    expect(r.code).toBe(47)
    expect(r.stderr).toMatch(/^pvapi: maximum \(3\) redirects followed/)
  })
  it('without -L nothing is followed (as before) and --max-redirs alone is refused', async () => {
    other.clearRequests()
    const r = await call('/prod/away')
    expect(other.requests).toHaveLength(0)
    expect(r.stderr).toContain('not following the redirect')
    const refused = await call('/prod/away', ['--max-redirs', '2'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^pvapi: --max-redirs limits -L/)
  })
})

describe('-w', () => {
  it("'%{json}' is one JSON object of the variables, typed like curl's", async () => {
    const r = await call('/prod/x', ['-o', '/dev/null', '-w', '%{json}'])
    const o = JSON.parse(r.out)
    expect(o).toMatchObject({
      http_code: 200,
      method: 'GET',
      exitcode: 0,
      num_retries: 0,
      remote_ip: '127.0.0.1',
    })
    expect(typeof o.time_total).toBe('number')
    expect(o.errormsg).toBeNull()
    expect(o.url_effective).toBe(`https://${HOST}/prod/x`)
  })
  it("'%{header_json}' holds the response headers as arrays, names lower-cased", async () => {
    const r = await call('/prod/x', ['-o', '/dev/null', '-w', '%{header_json}'])
    const h = JSON.parse(r.out) as Record<string, string[]>
    expect(h['content-type']).toEqual([expect.stringContaining('application/json')])
    expect(Object.keys(h).every(k => k === k.toLowerCase())).toBe(true)
    expect(Object.values(h).every(Array.isArray)).toBe(true)
  })
  it('an unknown variable prints nothing and warns on stderr, as curl does', async () => {
    const r = await call('/prod/x', ['-o', '/dev/null', '-w', '[%{nosuch}]%{http_code}'])
    expect(r.out).toBe('[]200')
    expect(r.stderr).toContain("warning: unknown --write-out variable: 'nosuch'")
  })
})

describe('-K/--config', () => {
  it('reads the URL and options from a file, and from stdin with -K -', async () => {
    const cfg = join(
      tempFiles({
        'call.cfg': `# curl syntax\nurl = "https://${HOST}/prod/from-config"\nheader = "X-Trace: cfg"\nwrite-out = "%{http_code}"\n`,
      }),
      'call.cfg',
    )
    gw.clearRequests()
    const r = await runInProcess(['call', '-K', cfg, ...via(), '-o', '/dev/null'], { env: envFor(TEMP) })
    expect(r.code).toBe(0)
    expect(r.out).toBe('200')
    expect(gw.requests.at(-1)?.url).toBe('/prod/from-config')
    expect(header(gw.requests.at(-1)!.headers, 'x-trace')).toBe('cfg')
    const s = await runInProcess(['call', `https://${HOST}/prod/stdin`, '-K', '-', ...via()], {
      env: envFor(TEMP),
      stdin: 'include\n',
    })
    expect(s.code).toBe(0)
    expect(s.out).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
  })
  it('a missing config file is curl 26 with one line', async () => {
    const r = await runInProcess(['call', `https://${HOST}/prod/x`, '-K', '/nonexistent/pvapi.cfg'], {
      env: envFor(TEMP),
    })
    expect(r.code).toBe(26)
    expect(r.stderr).toMatch(/^pvapi: cannot read config file \/nonexistent\/pvapi\.cfg: no such file\n/)
  })
})

describe('flags are honoured or refused, never dropped', () => {
  it.each([
    [['--dry-run', '-o', '/tmp/x'], /-o has no effect with --dry-run/],
    [['--no-sign', '--role-arn', 'arn:aws:iam::222222222222:role/r'], /--role-arn is for signing/],
    [['--retry-delay', '1'], /--retry-delay needs --retry/],
    [['--host-mode', 'host'], /--host-mode applies to endpoint-specific names/],
  ])('%j → exit 2', async (args, message) => {
    const r = await call('/prod/x', args)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
  })
  it('--api-id on a custom domain is refused with one line (it was dropped, and the API said 403)', async () => {
    const r = await runInProcess(
      ['call', 'https://api.internal.example.com/orders', '--api-id', API, '--region', 'us-east-1'],
      {
        env: envFor(TEMP),
      },
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^pvapi: --api-id abc1234567 cannot be used with api\.internal\.example\.com/)
  })
  it("the design documents' endpoint name (15 hex digits) honours --api-id", async () => {
    const vpce = 'vpce-0abc1234def56789-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com'
    const r = await runInProcess(
      ['call', `https://${vpce}/prod/items`, '--api-id', 'a1b2c3d4e5', '--dry-run'],
      {
        env: envFor(TEMP),
      },
    )
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/x-apigw-api-id: a1b2c3d4e5/)
  })
})
