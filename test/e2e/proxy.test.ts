import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFakeProxy, type FakeProxy } from '../support/fake-proxy.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { createTestPki } from '../support/test-ca.js'
import { ALICE, envFor, runCli, tempFiles } from '../helpers/run-cli.js'

// `call` and the AWS clients through a forward proxy, as on a bastion behind a corporate
// proxy. The proxy "resolves" every name to the fake gateway (its dial hook), so a request
// that reaches the gateway without --connect-to went through the tunnel.
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const ROLE = 'arn:aws:iam::222222222222:role/invoker'
let gw: FakeGateway
let sts: FakeSts
let proxy: FakeProxy
let authProxy: FakeProxy
let tlsProxy: FakeProxy
let proxyCa: string
let ca: string

beforeAll(async () => {
  const store = new CredentialStore()
  store.add(ALICE.accessKeyId, { secretAccessKey: ALICE.secretAccessKey, principalArn: ALICE.arn })
  gw = await startFakeGateway({ apis: [{ id: API, account: '222222222222' }], credentials: store })
  sts = await startFakeSts({ credentials: store, roles: [{ arn: ROLE, trustedPrincipals: [ALICE.arn] }] })
  const toGateway = () => ({ host: '127.0.0.1', port: gw.port })
  proxy = await startFakeProxy({ dial: toGateway })
  authProxy = await startFakeProxy({ dial: toGateway, auth: { user: 'bob', password: 'pr0xy-s3cret' } })
  const pki = await createTestPki()
  const proxyCert = await pki.issueServerCert({ ipAddresses: ['127.0.0.1'], cn: 'corporate proxy' })
  tlsProxy = await startFakeProxy({
    dial: toGateway,
    tls: { cert: proxyCert.certPem, key: proxyCert.keyPem },
  })
  const files = tempFiles({ 'ca.pem': gw.caPem, 'proxy-ca.pem': pki.caPem })
  ca = join(files, 'ca.pem')
  proxyCa = join(files, 'proxy-ca.pem')
})
afterAll(async () => {
  await Promise.all([gw?.close(), sts?.close(), proxy?.close(), authProxy?.close(), tlsProxy?.close()])
})

const url = `https://${HOST}/prod/items`
const direct: string[] = []
beforeAll(() => {
  direct.push('--connect-to', `${HOST}:443:127.0.0.1:${gw.port}`)
})

describe('call through a proxy', () => {
  it('HTTPS_PROXY: CONNECT to the API host; SNI, Host and the signed request are those of a direct call', async () => {
    const d = await runCli(['call', url, ...direct, '--cacert', ca], { env: envFor(ALICE) })
    expect(d.code, d.stderr).toBe(0)
    const seenDirect = gw.requests.at(-1)!
    const before = proxy.log.length

    const p = await runCli(['call', url, '--cacert', ca, '-v'], {
      env: envFor(ALICE, { HTTPS_PROXY: proxy.url }),
    })
    expect(p.code, p.stderr).toBe(0)
    expect(proxy.log.slice(before)).toEqual([{ kind: 'connect', target: `${HOST}:443`, status: 200 }])
    const seenProxied = gw.requests.at(-1)!
    expect(seenProxied.servername).toBe(HOST)
    expect(seenProxied.servername).toBe(seenDirect.servername)
    expect(seenProxied.host).toBe(seenDirect.host)
    expect(seenProxied.verification?.ok).toBe(true)
    expect(seenDirect.verification?.ok).toBe(true)
    // The same canonical request apart from the signing time.
    const canonical = (r: typeof seenDirect) =>
      r.verification?.ok ? r.verification.canonicalRequest.replace(/^x-amz-date:.*$/m, '') : undefined
    expect(canonical(seenProxied)).toBe(canonical(seenDirect))
    expect(p.stderr).toMatch(new RegExp(`\\* proxy: ${proxy.url} \\(HTTPS_PROXY\\); CONNECT ${HOST}:443`))
  })

  it('-x with credentials in the URL: sent as Proxy-Authorization, never printed', async () => {
    const before = authProxy.log.length
    const withCreds = `http://bob:pr0xy-s3cret@127.0.0.1:${authProxy.port}`
    const r = await runCli(['call', url, '--cacert', ca, '-x', withCreds, '-v', '-w', '%{http_code}'], {
      env: envFor(ALICE),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(authProxy.log.slice(before)).toEqual([
      {
        kind: 'connect',
        target: `${HOST}:443`,
        proxyAuthorization: `Basic ${Buffer.from('bob:pr0xy-s3cret').toString('base64')}`,
        status: 200,
      },
    ])
    expect(r.stderr).toContain(`* proxy: http://***@127.0.0.1:${authProxy.port} (-x/--proxy)`)
    expect(r.stderr + r.out).not.toContain('pr0xy-s3cret')
    expect(r.stderr + r.out).not.toContain('bob:')
  })

  it('a proxy that wants credentials (407): exit 56, one line naming the proxy and the fix', async () => {
    const r = await runCli(['call', url, '--cacert', ca], {
      env: envFor(ALICE, { HTTPS_PROXY: `http://127.0.0.1:${authProxy.port}` }),
    })
    expect(r.code).toBe(56)
    expect(r.stderr).toMatch(/refused the tunnel to .*: HTTP 407/)
    expect(r.stderr).toMatch(/USER:PASSWORD/)
    const wrong = await runCli(['call', url, '--cacert', ca], {
      env: envFor(ALICE, { HTTPS_PROXY: `http://bob:wrong-pass@127.0.0.1:${authProxy.port}` }),
    })
    expect(wrong.code).toBe(56)
    expect(wrong.stderr).toMatch(/rejected the user name or password/)
    expect(wrong.stderr).not.toContain('wrong-pass')
  })

  it('NO_PROXY matches the API host: direct, and -v says why', async () => {
    const before = proxy.log.length
    const r = await runCli(['call', url, ...direct, '--cacert', ca, '-v'], {
      env: envFor(ALICE, { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,.amazonaws.com' }),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(proxy.log.length).toBe(before)
    expect(r.stderr).toMatch(/\* proxy: none \(NO_PROXY entry "\.amazonaws\.com" matches /)
  })

  it('--noproxy replaces NO_PROXY, and -x "" turns the proxy off', async () => {
    const before = proxy.log.length
    const viaFlag = await runCli(['call', url, '--cacert', ca, '--noproxy', 'example.com'], {
      env: envFor(ALICE, { HTTPS_PROXY: proxy.url, NO_PROXY: '*' }),
    })
    expect(viaFlag.code, viaFlag.stderr).toBe(0)
    expect(proxy.log.length).toBe(before + 1)
    const off = await runCli(['call', url, ...direct, '--cacert', ca, '-x', ''], {
      env: envFor(ALICE, { HTTPS_PROXY: proxy.url }),
    })
    expect(off.code, off.stderr).toBe(0)
    expect(proxy.log.length).toBe(before + 1)
  })

  it('--resolve pins the tunnel to the address; the TLS server name stays the host', async () => {
    const before = proxy.log.length
    const r = await runCli(['call', url, '--cacert', ca, '--resolve', `${HOST}:443:127.0.0.7`, '-v'], {
      env: envFor(ALICE, { HTTPS_PROXY: proxy.url }),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(proxy.log.slice(before)).toMatchObject([{ kind: 'connect', target: '127.0.0.7:443' }])
    expect(gw.requests.at(-1)?.servername).toBe(HOST)
    expect(r.stderr).toMatch(/pinned by --resolve; TLS server name stays/)
  })

  it('an https:// proxy with its own CA: 35 without --proxy-cacert, through with it (TLS inside TLS)', async () => {
    const e = envFor(ALICE, { HTTPS_PROXY: tlsProxy.url })
    const without = await runCli(['call', url, '--cacert', ca], { env: e })
    expect(without.code).toBe(35)
    expect(without.stderr).toMatch(/TLS handshake with proxy https:\/\/127\.0\.0\.1:\d+ failed/)
    expect(without.stderr).toMatch(/--proxy-cacert/)
    const before = tlsProxy.log.length
    const r = await runCli(
      ['call', url, '--cacert', ca, '--proxy-cacert', proxyCa, '-w', '%{time_connect} %{time_appconnect}'],
      { env: e },
    )
    expect(r.code, r.stderr).toBe(0)
    expect(tlsProxy.log.slice(before)).toEqual([{ kind: 'connect', target: `${HOST}:443`, status: 200 }])
    expect(gw.requests.at(-1)?.servername).toBe(HOST)
    // The phases are timed through the tunnel too.
    const [, connect, app] = (/([\d.]+) ([\d.]+)$/.exec(r.out) ?? []).map(Number)
    expect(connect).toBeGreaterThan(0)
    expect(app).toBeGreaterThanOrEqual(connect!)
  })

  it('an unresolvable proxy is curl 5; a refused one curl 7', async () => {
    const dns = await runCli(['call', url, '--cacert', ca, '-x', 'http://proxy.invalid:3128'], {
      env: envFor(ALICE),
    })
    expect(dns.code).toBe(5)
    expect(dns.stderr).toMatch(/could not resolve proxy/)
    const refused = await runCli(['call', url, '--cacert', ca, '-x', 'http://127.0.0.1:9'], {
      env: envFor(ALICE),
    })
    expect(refused.code).toBe(7)
    expect(refused.stderr).toMatch(/could not connect to proxy/)
  })

  it('the AWS clients use the proxy too: a role chain assumed through HTTP_PROXY (STS over http)', async () => {
    const before = proxy.log.length
    const callsBefore = sts.calls.length
    const r = await runCli(['whoami', '--region', 'us-east-1', '--role-arn', ROLE, '--no-cache'], {
      env: envFor(ALICE, { AWS_ENDPOINT_URL_STS: sts.endpoint, HTTP_PROXY: proxy.url }),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(sts.calls.length).toBe(callsBefore + 2)
    const forwarded = proxy.log.slice(before)
    expect(forwarded.length).toBe(2)
    expect(forwarded.every(e => e.kind === 'forward' && e.target.startsWith(sts.endpoint))).toBe(true)
  })

  it('--repeat through the proxy: keep-alive tunnels, at most one per concurrent request', async () => {
    const before = proxy.log.length
    const r = await runCli(
      ['call', url, '--cacert', ca, '--repeat', '6', '--concurrency', '2', '--format', 'json'],
      {
        env: envFor(ALICE, { HTTPS_PROXY: proxy.url }),
      },
    )
    expect(r.code, r.stderr).toBe(0)
    const tunnels = proxy.log.slice(before)
    expect(tunnels.length).toBeGreaterThanOrEqual(1)
    expect(tunnels.length).toBeLessThanOrEqual(2)
    expect(tunnels.every(t => t.kind === 'connect' && t.target === `${HOST}:443` && t.status === 200)).toBe(
      true,
    )
  })

  it('the library honours HTTPS_PROXY too (signedRequest)', async () => {
    const { signedRequest } = await import('../../src/lib/index.js')
    const before = proxy.log.length
    process.env.HTTPS_PROXY = proxy.url
    try {
      const res = await signedRequest(url, {
        credentials: { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey },
        ca: gw.caPem,
      })
      expect(res.status).toBe(200)
    } finally {
      process.env.HTTPS_PROXY = ''
    }
    expect(proxy.log.slice(before)).toEqual([{ kind: 'connect', target: `${HOST}:443`, status: 200 }])
    expect(gw.requests.at(-1)?.servername).toBe(HOST)
  })
})
