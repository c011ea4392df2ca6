import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { ALICE, envFor, runCli, tempFiles } from '../helpers/run-cli.js'

// The CA bundle that replaces the system store: --cacert, AWS_CA_BUNDLE, the profile's
// ca_bundle, CURL_CA_BUNDLE, SSL_CERT_FILE, first found wins. The fake gateway's CA is private:
// without one of them the call fails with 35.
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
let gw: FakeGateway
let dir: string

beforeAll(async () => {
  const store = new CredentialStore()
  store.add(ALICE.accessKeyId, { secretAccessKey: ALICE.secretAccessKey, principalArn: ALICE.arn })
  gw = await startFakeGateway({ apis: [{ id: API }], credentials: store })
  dir = tempFiles({
    'ca.pem': gw.caPem,
    'empty.pem': 'not a certificate\n',
    config: '[default]\nregion = us-east-1\n\n[profile corp]\nregion = us-east-1\nca_bundle = CA\n',
  })
  const { readFileSync, writeFileSync } = await import('node:fs')
  writeFileSync(
    join(dir, 'config'),
    readFileSync(join(dir, 'config'), 'utf8').replace('CA', join(dir, 'ca.pem')),
  )
})
afterAll(async () => {
  await gw?.close()
})

const call = (args: string[], extra: Record<string, string>) =>
  runCli(
    ['call', `https://${HOST}/prod/x`, '--connect-to', `${HOST}:443:127.0.0.1:${gw.port}`, '-v', ...args],
    {
      env: envFor(ALICE, extra),
    },
  )

describe('CA bundles', () => {
  it('none: the private CA is not trusted (35)', async () => {
    expect((await call([], {})).code).toBe(35)
  })
  it.each([
    ['AWS_CA_BUNDLE', {}],
    ['CURL_CA_BUNDLE', {}],
    ['SSL_CERT_FILE', {}],
  ])('%s is used', async name => {
    const r = await call([], { [name]: join(dir, 'ca.pem') })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`* CA bundle: ${join(dir, 'ca.pem')} (${name})`)
  })
  it("the profile's ca_bundle is used", async () => {
    const r = await call(['--profile', 'corp', '--no-sign'], { AWS_CONFIG_FILE: join(dir, 'config') })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`* CA bundle: ${join(dir, 'ca.pem')} (ca_bundle in profile corp)`)
  })
  it('precedence: --cacert, then AWS_CA_BUNDLE, then CURL_CA_BUNDLE, then SSL_CERT_FILE', async () => {
    const bad = join(dir, 'empty.pem')
    const good = join(dir, 'ca.pem')
    const a = await call(['--cacert', good], { AWS_CA_BUNDLE: bad, CURL_CA_BUNDLE: bad })
    expect(a.code, a.stderr).toBe(0)
    const b = await call([], { AWS_CA_BUNDLE: good, CURL_CA_BUNDLE: bad, SSL_CERT_FILE: bad })
    expect(b.code, b.stderr).toBe(0)
    const c = await call([], { AWS_CA_BUNDLE: bad, CURL_CA_BUNDLE: good })
    expect(c.code).toBe(77)
    expect(c.stderr.split('\n')[0]).toBe(`pvapi: CA bundle (AWS_CA_BUNDLE) ${bad}: no PEM certificate in it`)
  })
})
