/**
 * Property and fuzz tests (fast-check) over everything a user or a server can feed pvapi
 * without a network: the curl-style argument parsers, URL and name-form classification, query
 * canonicalization (what is signed is what is sent, checked against the independent verifier
 * of the fakes), the policy engine and the doctor's snapshot loader.
 *
 * The invariant everywhere: an input either works, and then the stated properties hold, or it
 * is refused with one of the documented error classes (PvapiError for the CLI, PolicyParseError
 * / PolicyInputError for the policy library, RangeError for scaffoldPolicies). Anything else
 * (a TypeError, a stack overflow) is a crash and fails the property with its counterexample.
 */
import { isIP } from 'node:net'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import {
  parseCount,
  parseDnsServers,
  parseHeader,
  parseHostMode,
  parseMethod,
  parseSeconds,
  parseVpce,
} from '../../src/call/options.js'
import { planRequest } from '../../src/call/plan.js'
import { signPrepared } from '../../src/call/sign-prepared.js'
import { loadSnapshot } from '../../src/cli/commands/doctor.js'
import { toRequestSettings, type RawRequestOptions } from '../../src/cli/request-options.js'
import { PvapiError } from '../../src/core/errors.js'
import { API_ID_PATTERN, classifyHost, parseUserUrl, VPCE_ID_PATTERN } from '../../src/core/target.js'
import { terminalSafe, terminalSafeLines } from '../../src/core/terminal-text.js'
import { applyConnectRules, parseConnectTo, parseResolve } from '../../src/http/connect-rules.js'
import {
  apiFromArn,
  denialHints,
  evaluateRequest,
  lintPolicy,
  parseApiReference,
  parseArn,
  parseCaller,
  parsePolicy,
  PolicyInputError,
  PolicyParseError,
  scaffoldPolicies,
  type PolicyKind,
} from '../../src/policy/index.js'
import { canonicalQuery, parseQuery, wireQuery } from '../../src/sign/query.js'
import { CredentialStore } from '../support/credential-store.js'
import { canonicalQuery as serverCanonicalQuery } from '../support/sigv4-canonical.js'
import { verifySigV4 } from '../support/sigv4-verify.js'
import { REPO } from '../helpers/run-cli.js'

type ErrorClass = abstract new (...args: never[]) => Error

/** Run `f`; a throw of an allowed class yields undefined, anything else fails the property. */
function refusedWith<T>(allowed: readonly ErrorClass[], f: () => T): T | undefined {
  try {
    return f()
  } catch (err) {
    if (allowed.some(C => err instanceof C)) return undefined
    throw err
  }
}
async function refusedWithAsync<T>(
  allowed: readonly ErrorClass[],
  f: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await f()
  } catch (err) {
    if (allowed.some(C => err instanceof C)) return undefined
    throw err
  }
}
const cli = <T>(f: () => T) => refusedWith([PvapiError], f)

// ── arbitraries ───────────────────────────────────────────────────────────────────────
/** Strings heavy in the characters that matter to the parsers, plus any unicode. */
const nasty = (chars: string) =>
  fc.oneof(
    fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength: 40 }),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  )
const ARGISH = nasty(':;[]., \t\r\n\0\u001b-_=+%@/?#&abcABC0123456789€ü')
const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: n, maxLength: n })
const apiId = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')),
  minLength: 10,
  maxLength: 10,
})
const vpceId = fc.oneof(hex(8), hex(17)).map(h => `vpce-${h}`)
const region = fc.constantFrom(
  'us-east-1',
  'eu-west-2',
  'ap-southeast-2',
  'us-gov-west-1',
  'cn-north-1',
  'eu-central-1',
  'me-south-1',
)
const port = fc.integer({ min: 1, max: 65535 })
const ipv4 = fc.ipV4()
const ipv6 = fc.ipV6()
const hostname = fc.domain().map(d => d.toLowerCase())
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

// ── curl-style arguments ──────────────────────────────────────────────────────────────
describe('curl-style argument parsing: any input parses or is a PvapiError', () => {
  it('-H: whatever is typed, a valid header or a usage error; never a header that splits the request', () => {
    let accepted = 0
    fc.assert(
      fc.property(
        fc.oneof(
          ARGISH,
          ARGISH.map(v => `X-A: ${v}`),
        ),
        spec => {
          const h = cli(() => parseHeader(spec))
          if (!h) return
          accepted++
          expect(h.name).toMatch(TOKEN)
          if (h.value !== undefined) expect(h.value).toMatch(/^[\t\x20-\x7e\x80-\xff]*$/)
        },
      ),
      { numRuns: 500 },
    )
    expect(accepted, 'some inputs must parse, or the property says nothing').toBeGreaterThan(25)
  })

  it('-H round trip: "Name: value" gives back the name and the trimmed value', () => {
    const name = fc.string({
      unit: fc.constantFrom(...'abcXYZ019-_.!#$%&*+^`|~'.split('')),
      minLength: 1,
      maxLength: 20,
    })
    const value = fc.string({ unit: fc.constantFrom(...' \tabcXYZ019:;,=/"\'()ü'.split('')), maxLength: 30 })
    fc.assert(
      fc.property(name, value, (n, v) => {
        const trimmed = v.trim()
        expect(parseHeader(`${n}: ${v}`)).toEqual({ name: n, value: trimmed === '' ? undefined : trimmed })
        expect(parseHeader(`${n};`)).toEqual({ name: n, value: '' })
      }),
    )
  })

  it('--vpce, --host-mode, -X, seconds, counts, --dns-servers: a value in range or a usage error', () => {
    fc.assert(
      fc.property(ARGISH, fc.integer({ min: 1, max: 100_000 }), (s, max) => {
        const v = cli(() => parseVpce(s))
        if (v && 'id' in v) expect(v.id).toMatch(VPCE_ID_PATTERN)
        if (v && 'hostname' in v) expect(v.hostname).toMatch(/^[a-z0-9.-]+$/)
        const mode = cli(() => parseHostMode(s))
        if (mode !== undefined) expect(['header', 'host']).toContain(mode)
        const method = cli(() => parseMethod(s, false))
        if (method !== undefined) expect(method).toMatch(/^[A-Za-z]+$/)
        const ms = cli(() => parseSeconds('-m', s, max))
        if (ms !== undefined) {
          expect(Number.isInteger(ms)).toBe(true)
          expect(ms).toBeGreaterThanOrEqual(0)
          expect(ms).toBeLessThanOrEqual(max * 1000)
        }
        const n = cli(() => parseCount('--retry', s, max))
        if (n !== undefined) {
          expect(Number.isInteger(n)).toBe(true)
          expect(n).toBeGreaterThanOrEqual(0)
          expect(n).toBeLessThanOrEqual(max)
        }
        const servers = cli(() => parseDnsServers(s))
        for (const server of servers ?? [])
          expect(isIP(server.replace(/^\[(.*)\]:\d+$/, '$1').replace(/^([\d.]+):\d+$/, '$1'))).not.toBe(0)
      }),
      { numRuns: 500 },
    )
  })

  it('--resolve and --connect-to: a rule with real ports and addresses, or a usage error', () => {
    let accepted = 0
    const spec = fc.oneof(
      nasty(':::[[]]],,,*+.-abc0123456789fe'),
      fc
        .tuple(hostname, fc.oneof(port, fc.integer()), fc.oneof(ipv4, ipv6, ARGISH))
        .map(([h, p, a]) => `${h}:${p}:${a}`),
    )
    fc.assert(
      fc.property(spec, s => {
        const r = cli(() => parseResolve(s))
        if (r) {
          expect(r.port).toBeGreaterThanOrEqual(1)
          expect(r.port).toBeLessThanOrEqual(65535)
          expect(r.addresses.length).toBeGreaterThan(0)
          for (const a of r.addresses) expect(isIP(a)).not.toBe(0)
          expect(r.host).toBe(r.host.toLowerCase())
        }
        const c = cli(() => parseConnectTo(s))
        for (const p of [c?.fromPort, c?.toPort]) if (p !== undefined) expect(p >= 1 && p <= 65535).toBe(true)
        if (r || c) accepted++
      }),
      { numRuns: 500 },
    )
    expect(accepted).toBeGreaterThan(25)
  })

  it('--resolve round trip: HOST:PORT:ADDR[,ADDR] (IPv6 in brackets) reads back exactly', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostname, fc.constant('*')),
        port,
        fc.array(fc.oneof(ipv4, ipv6), { minLength: 1, maxLength: 3 }),
        (h, p, addrs) => {
          const text = addrs.map(a => (a.includes(':') ? `[${a}]` : a)).join(',')
          expect(parseResolve(`${h}:${p}:${text}`)).toEqual({ host: h, port: p, addresses: addrs })
          expect(parseResolve(`+${h}:${p}:${text}`).addresses).toEqual(addrs)
        },
      ),
    )
  })

  it('connect rules: no matching rule changes nothing; the first --connect-to match wins; --resolve pins only its host and port', () => {
    const rule = fc.record({
      fromHost: fc.option(hostname, { nil: undefined }),
      fromPort: fc.option(port, { nil: undefined }),
      toHost: fc.option(hostname, { nil: undefined }),
      toPort: fc.option(port, { nil: undefined }),
    })
    const clean = <T extends object>(o: T) =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
    fc.assert(
      fc.property(
        hostname,
        port,
        fc.array(rule.map(clean), { maxLength: 3 }),
        fc.array(
          fc.record({ host: hostname, port, addresses: fc.array(ipv4, { minLength: 1, maxLength: 2 }) }),
          { maxLength: 3 },
        ),
        (h, p, connectTo, resolve) => {
          const dial = applyConnectRules(h, p, connectTo, resolve)
          const match = connectTo.find(
            r =>
              (r.fromHost === undefined || r.fromHost === h) &&
              (r.fromPort === undefined || r.fromPort === p),
          )
          expect(dial.host).toBe(match?.toHost ?? h)
          expect(dial.port).toBe(match?.toPort ?? p)
          const pin = resolve.find(r => r.host === dial.host && r.port === dial.port)
          expect(dial.pinned).toEqual(pin?.addresses)
        },
      ),
    )
  })

  it('toRequestSettings: any URL and flag values give settings or a usage error', () => {
    let accepted = 0
    const urlish = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      nasty(":/?#[]@!$&'()*+,;=%.-_~ üabc0123"),
      fc.constantFrom(
        'https://[::1]:0/',
        'http://x.amazonaws.com/',
        'https:///x',
        'HTTPS://ABC1234567.EXECUTE-API.US-EAST-1.AMAZONAWS.COM/p',
      ),
    )
    const opt = (a: fc.Arbitrary<string>) => fc.option(a, { nil: undefined })
    // Mostly valid values with a bad one here and there, so that some runs get all the way through.
    const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: bad })
    const options = fc.record({
      request: opt(mostly(fc.constantFrom('GET', 'post', 'PATCH'), ARGISH)),
      header: fc.array(mostly(fc.constantFrom('Accept: application/json', 'X-A;', 'x-api-key:'), ARGISH), {
        maxLength: 3,
      }),
      service: mostly(fc.constant('execute-api'), ARGISH),
      region: opt(mostly(region, ARGISH)),
      apiId: opt(mostly(apiId, ARGISH)),
      hostMode: opt(mostly(fc.constantFrom('header', 'host'), ARGISH)),
      vpce: opt(mostly(vpceId, ARGISH)),
      resolve: fc.array(
        mostly(
          fc.tuple(hostname, port, ipv4).map(([h, p, a]) => `${h}:${p}:${a}`),
          ARGISH,
        ),
        { maxLength: 2 },
      ),
      connectTo: fc.array(
        mostly(
          fc.tuple(hostname, port, hostname, port).map(x => x.join(':')),
          ARGISH,
        ),
        { maxLength: 2 },
      ),
    })
    fc.assert(
      fc.property(urlish, options, (u, o) => {
        const raw = Object.fromEntries(
          Object.entries(o).filter(([, v]) => v !== undefined),
        ) as unknown as RawRequestOptions
        const s = cli(() => toRequestSettings(u, raw, []))
        if (!s) return
        accepted++
        expect(['https:', 'http:']).toContain(s.url.protocol)
        expect(s.url.port >= 1 && s.url.port <= 65535).toBe(true)
      }),
      { numRuns: 400 },
    )
    expect(accepted).toBeGreaterThan(10)
  })
})

// ── URLs and name forms ───────────────────────────────────────────────────────────────
describe('URL and name-form classification', () => {
  it('parseUserUrl: a request target or a usage error; never user-info, port 0, or http:// to AWS', () => {
    let accepted = 0
    const typed = fc.oneof(
      fc.webUrl({
        withQueryParameters: true,
        withFragments: true,
        validSchemes: ['https', 'http', 'ftp', 'file'],
      }),
      fc.webAuthority(),
      nasty(':/?#[]@%.-_~ üabc0123'),
    )
    fc.assert(
      fc.property(typed, t => {
        const u = cli(() => parseUserUrl(t))
        if (!u) return
        accepted++
        expect(['https:', 'http:']).toContain(u.protocol)
        expect(u.hostname).not.toBe('')
        expect(u.port >= 1 && u.port <= 65535).toBe(true)
        expect(u.url.username + u.url.password).toBe('')
        if (u.protocol === 'http:') expect(u.hostname).not.toMatch(/\.amazonaws\.com(\.cn)?$/)
      }),
      { numRuns: 500 },
    )
    expect(accepted).toBeGreaterThan(50)
  })

  it('classifyHost never throws, and what it extracts is really in the name', () => {
    fc.assert(
      fc.property(fc.oneof(hostname, nasty('.-abcvpce0123456789execute-api.us-east-1.amazonaws.com')), h => {
        const t = classifyHost(h)
        expect(['private-dns', 'alias', 'vpce', 'custom']).toContain(t.kind)
        if (t.apiId) {
          expect(t.apiId).toMatch(API_ID_PATTERN)
          expect(h.startsWith(t.apiId)).toBe(true)
        }
        if (t.vpceId) expect(h).toContain(t.vpceId)
        if (t.region) expect(h).toContain(`.${t.region}.`)
        if (t.kind !== 'custom') expect(t.region).toBeDefined()
      }),
      { numRuns: 500 },
    )
  })

  it('round trip: each private API name form is recognized with its API, endpoint, region and zone', () => {
    fc.assert(
      fc.property(
        apiId,
        vpceId,
        region,
        fc.string({
          unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')),
          minLength: 8,
          maxLength: 8,
        }),
        fc.constantFrom('a', 'b', 'c'),
        (api, vpce, r, suffix, az) => {
          const dns = r.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
          expect(classifyHost(`${api}.execute-api.${r}.${dns}`)).toMatchObject({
            kind: 'private-dns',
            apiId: api,
            region: r,
            dnsSuffix: dns,
          })
          expect(classifyHost(`${api}-${vpce}.execute-api.${r}.${dns}`)).toMatchObject({
            kind: 'alias',
            apiId: api,
            vpceId: vpce,
            region: r,
          })
          expect(classifyHost(`${vpce}-${suffix}.execute-api.${r}.vpce.${dns}`)).toMatchObject({
            kind: 'vpce',
            vpceId: vpce,
            region: r,
          })
          expect(classifyHost(`${vpce}-${suffix}-${r}${az}.execute-api.${r}.vpce.${dns}`)).toMatchObject({
            kind: 'vpce',
            vpceId: vpce,
            region: r,
            zone: `${r}${az}`,
          })
        },
      ),
    )
  })
})

// ── query canonicalization: what is signed is what is sent ────────────────────────────
describe('query canonicalization round trip (extends test/sign/query.test.ts to raw, hand-typed queries)', () => {
  const rawQuery = nasty("=&+%20%2F%3D%E2%82%AC%zz%%aZ09-_.~!*'() /?€ü")

  it('any typed query is refused (bad escapes) or sent in a form whose server-side canonical form equals what was signed', () => {
    let accepted = 0
    fc.assert(
      fc.property(rawQuery, raw => {
        const pairs = cli(() => parseQuery(raw))
        if (!pairs) return
        accepted++
        const sent = wireQuery(pairs)
        const signed = canonicalQuery(pairs)
        // The independent canonicalizer of the fakes, fed the wire: same string as signed.
        expect(serverCanonicalQuery(sent)).toBe(signed)
        // Sending is a fixed point: parsing what was sent gives the same pairs and the same wire.
        expect(wireQuery(parseQuery(sent))).toBe(sent)
        expect(canonicalQuery(parseQuery(sent))).toBe(signed)
      }),
      { numRuns: 1000 },
    )
    expect(accepted).toBeGreaterThan(200)
  })

  it('end to end: a typed path, query and headers are signed so that an independent SigV4 verifier accepts the wire request', async () => {
    const store = new CredentialStore()
    const creds = {
      accessKeyId: 'AKIAFUZZEXAMPLE00001',
      secretAccessKey: 'fuzz/secret/key/0000000000000000000000',
      sessionToken: 'fuzz-session-token-0000000000000000',
    }
    store.add(creds.accessKeyId, {
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
      principalArn: 'arn:aws:iam::111111111111:user/fuzz',
    })
    const ports = {
      env: {},
      readers: { readFile: async () => Buffer.alloc(0), readStdin: async () => Buffer.alloc(0) },
      configRegion: async () => 'us-east-1',
      vpceHostname: async () => 'unused',
    }
    const path = nasty("/./../%2F%20%25aZ09-_~!$&'()*+,;=:@ü€")
    const header = fc.tuple(
      fc.constantFrom('x-fuzz', 'X-Fuzz-Two', 'accept', 'content-type', 'x-api-key'),
      fc.string({ unit: fc.constantFrom(...' \tabc09:;,=/"ü'.split('')), maxLength: 20 }),
    )
    const signingDate = new Date('2026-01-02T03:04:05Z')
    let accepted = 0
    await fc.assert(
      fc.asyncProperty(
        path,
        rawQuery,
        fc.array(header, { maxLength: 3 }),
        fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
        async (p, q, hs, body) => {
          const url = `https://abc1234567.execute-api.us-east-1.amazonaws.com/${p}?${q}`
          const headerArgs = hs.map(([n, v]) => `${n}: ${v}`)
          const plan = await refusedWithAsync([PvapiError], async () => {
            const settings = toRequestSettings(
              url,
              { header: headerArgs, service: 'execute-api', resolve: [], connectTo: [] },
              [],
            )
            return planRequest(
              { ...settings, ...(body ? { body: { bytes: Buffer.from(body), json: false } } : {}) },
              ports,
              true,
            )
          })
          if (!plan) return
          accepted++
          const signed = await signPrepared(plan.prepared, {
            service: 'execute-api',
            region: 'us-east-1',
            credentials: creds,
            signingDate,
          })
          const wireHeaders = Object.entries(signed.headers).map(([k, v]) => [k, v] as const)
          const v = verifySigV4(
            {
              method: plan.prepared.method,
              url: plan.prepared.target,
              headers: wireHeaders,
              ...(plan.prepared.body ? { body: plan.prepared.body } : {}),
            },
            { credentials: store, region: 'us-east-1', service: 'execute-api', now: () => signingDate },
          )
          expect(v, `${url}\n${JSON.stringify(signed.headers)}`).toMatchObject({ ok: true })
        },
      ),
      { numRuns: 300 },
    )
    expect(accepted).toBeGreaterThan(60)
  })
})

// ── the policy engine ─────────────────────────────────────────────────────────────────
const POLICY_ERRORS: readonly ErrorClass[] = [PolicyParseError, PolicyInputError]
const ARN = 'arn:aws:execute-api:us-east-1:111111111111:abc1234567'
/** Values that look like a policy's, mixed with anything JSON can hold. */
const policyValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        'Allow',
        'Deny',
        '*',
        'execute-api:Invoke',
        'execute-api:*',
        `${ARN}/*`,
        `${ARN}/prod/GET/items`,
        'execute-api:/*',
        '111111111111',
        'arn:aws:iam::111111111111:role/app',
        'aws:SourceVpce',
        'vpce-1',
        '${aws:username}',
        '10.0.0.0/8',
        'true',
        '2026-01-01T00:00:00Z',
        '',
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.constantFrom('*', `${ARN}/*`, 'execute-api:Invoke', 'vpce-1', 1, null), {
        maxLength: 3,
      }),
    },
  )
const KEYS = [
  'StringEquals',
  'StringNotEquals',
  'StringLike',
  'ArnLike',
  'ArnNotLikeIfExists',
  'IpAddress',
  'NotIpAddress',
  'Bool',
  'Null',
  'NumericLessThan',
  'DateGreaterThan',
  'ForAnyValue:StringEquals',
  'ForAllValues:StringLike',
  'BinaryEquals',
  'Bogus',
  'StringEqualsIgnoreCase',
]
const condition = fc.dictionary(
  fc.constantFrom(...KEYS),
  fc.dictionary(
    fc.constantFrom(
      'aws:SourceVpce',
      'aws:PrincipalArn',
      'aws:SourceIp',
      'aws:CurrentTime',
      'aws:SecureTransport',
      'aws:userid',
      'x',
    ),
    policyValue(),
    { maxKeys: 2 },
  ),
  { maxKeys: 2 },
)
const statement = fc.dictionary(
  fc.constantFrom(
    'Sid',
    'Effect',
    'Principal',
    'NotPrincipal',
    'Action',
    'NotAction',
    'Resource',
    'NotResource',
    'Condition',
    'effect',
    'Extra',
  ),
  fc.oneof(policyValue(), condition, fc.record({ AWS: policyValue() })),
  { minKeys: 1, maxKeys: 7 },
)
const policyLike = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        Version: fc.constantFrom('2012-10-17', '2008-10-17', 'latest', 1),
        Statement: fc.oneof(fc.array(statement, { maxLength: 3 }), statement, policyValue()),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
)
const policyText = fc.oneof(
  policyLike.map(d => JSON.stringify(d) ?? 'null'),
  policyLike.map(d => JSON.stringify(JSON.stringify(d) ?? '')), // GetRestApi's escaped string, with quotes
  policyLike.map(d => (JSON.stringify(JSON.stringify(d) ?? '') ?? '').slice(1, -1)), // …and without
  policyLike.map(d => (JSON.stringify(d) ?? '').slice(0, 25)), // truncated
  fc.string({ maxLength: 60 }),
)
/** Policies IAM would accept (so that evaluation gets past parsing), for resource- or identity-style layers. */
const validPolicy = (withPrincipal: boolean) =>
  fc
    .array(
      fc.record({
        Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
        ...(withPrincipal
          ? {
              Principal: fc.constantFrom<unknown>(
                '*',
                { AWS: '*' },
                { AWS: '111111111111' },
                { AWS: 'arn:aws:iam::111111111111:role/app' },
                { AWS: 'arn:aws:iam::222222222222:root' },
              ),
            }
          : {}),
        Action: fc.constantFrom<unknown>('execute-api:Invoke', 'execute-api:*', '*', [
          'execute-api:Invoke',
          's3:GetObject',
        ]),
        Resource: fc.constantFrom<unknown>('*', `${ARN}/*`, `${ARN}/prod/GET/*`, 'execute-api:/*', [
          `${ARN}/prod/*`,
          'arn:aws:execute-api:*:*:*',
        ]),
        Condition: fc.option(
          fc.constantFrom(
            { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
            { StringNotEqualsIfExists: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } },
            { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
            { Null: { 'aws:SourceVpce': 'true' } },
          ),
          { nil: undefined },
        ),
      }),
      { minLength: 1, maxLength: 3 },
    )
    .map(statements => ({
      Version: '2012-10-17',
      Statement: statements.map(st =>
        Object.fromEntries(Object.entries(st).filter(([, v]) => v !== undefined)),
      ),
    }))
const kind = fc.constantFrom<PolicyKind | undefined>(
  undefined,
  'resource',
  'endpoint',
  'identity',
  'boundary',
  'scp',
  'authorizer',
)

describe('policy parsing and evaluation: no input crashes the engine', () => {
  it('parsePolicy: a parsed policy or a PolicyParseError, for documents and for text', () => {
    let accepted = 0
    fc.assert(
      fc.property(fc.oneof(policyLike, policyText), kind, (doc, k) => {
        const parsed = refusedWith(POLICY_ERRORS, () => parsePolicy(doc as never, k ? { kind: k } : {}))
        if (parsed) accepted++
        if (parsed) expect(Array.isArray(parsed.statements)).toBe(true)
      }),
      { numRuns: 1000 },
    )
    expect(accepted).toBeGreaterThan(20)
  })

  it('evaluateRequest: a decision or a documented error, whatever the layers and the request hold', () => {
    const decided = new Set<string>()
    const principal = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'anonymous',
          'arn:aws:iam::111111111111:role/app',
          'arn:aws:sts::111111111111:assumed-role/app/s',
          '111111111111',
          'lambda.amazonaws.com',
          '',
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    )
    const resource = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          `${ARN}/prod/GET/items`,
          `${ARN}/prod/POST/`,
          `arn:aws:execute-api:eu-west-1:222222222222:zzz/dev/*/x`,
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    )
    const anyLayer = (withPrincipal: boolean) =>
      fc.oneof(
        { weight: 6, arbitrary: validPolicy(withPrincipal) },
        { weight: 1, arbitrary: policyLike },
        { weight: 1, arbitrary: policyText },
      )
    const layer = (withPrincipal: boolean) => fc.option(anyLayer(withPrincipal), { nil: undefined, freq: 3 })
    fc.assert(
      fc.property(
        principal,
        resource,
        fc.record({
          resourcePolicy: layer(true),
          vpcEndpointPolicy: layer(true),
          permissionsBoundary: layer(false),
          authorizerPolicy: layer(false),
        }),
        fc.array(anyLayer(false), { maxLength: 2 }),
        fc.constantFrom('AWS_IAM', 'NONE', 'CUSTOM', 'COGNITO_USER_POOLS') as fc.Arbitrary<'AWS_IAM'>,
        fc.dictionary(
          fc.constantFrom(
            'aws:SourceVpce',
            'aws:SourceIp',
            'aws:CurrentTime',
            'aws:PrincipalArn',
            'aws:SecureTransport',
          ),
          fc.oneof(fc.string({ maxLength: 15 }), fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 })),
          { maxKeys: 3 },
        ),
        (p, r, layers, identity, authorizationType, context) => {
          const defined = Object.fromEntries(Object.entries(layers).filter(([, v]) => v !== undefined))
          const result = refusedWith(POLICY_ERRORS, () =>
            evaluateRequest({
              principal: p,
              resource: r,
              authorizationType,
              context,
              identityPolicies: identity as never,
              ...(defined as object),
            }),
          )
          if (!result) return
          decided.add(result.decision)
          expect(['allow', 'explicit-deny', 'implicit-deny']).toContain(result.decision)
          if (result.decision === 'allow') expect(result.blockedBy).toEqual([])
          else expect(result.blockedBy.length).toBeGreaterThan(0)
          expect(() => denialHints(result)).not.toThrow()
          expect(() => JSON.stringify(result)).not.toThrow()
        },
      ),
      { numRuns: 500 },
    )
    expect([...decided].sort(), 'the generators reach every decision').toEqual([
      'allow',
      'explicit-deny',
      'implicit-deny',
    ])
  })

  it('lintPolicy never throws: every problem is a finding', () => {
    fc.assert(
      fc.property(fc.oneof(policyText, policyLike), kind, (doc, k) => {
        const findings = lintPolicy(doc as never, k ? { kind: k } : {})
        for (const f of findings) expect(['error', 'warning', 'info']).toContain(f.severity)
      }),
      { numRuns: 500 },
    )
  })

  it('ARN, caller and API-reference readers never throw on any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          nasty(':/*?arn:aws:iam::execute-api:sts:role/assumed-role/0123456789abc'),
          fc.webUrl(),
        ),
        s => {
          parseCaller(s)
          parseArn(s)
          apiFromArn(s)
          parseApiReference(s)
          parseApiReference(s, 'abc1234567')
        },
      ),
      { numRuns: 500 },
    )
  })

  it('scaffoldPolicies: documents that parse back, or a RangeError naming the bad input', () => {
    let accepted = 0
    const mostly = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) =>
      fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: bad })
    const role = mostly(
      fc.constantFrom('arn:aws:iam::111111111111:role/app', 'arn:aws:sts::111111111111:assumed-role/app/s'),
      fc.string({ maxLength: 20 }),
    )
    const api = mostly(
      fc.constantFrom(`${ARN}/prod`, 'https://abc1234567.execute-api.us-east-1.amazonaws.com/prod'),
      fc.string({ maxLength: 30 }),
    )
    const route = mostly(
      fc.constantFrom('GET:/items', 'ANY:/items/{id}', 'post /x', '*:/', 'DELETE:/a/{b+}/c'),
      fc.string({ maxLength: 15 }),
    )
    fc.assert(
      fc.property(
        role,
        api,
        mostly(fc.constant('vpce-0123456789abcdef0'), fc.string({ maxLength: 10 })),
        fc.array(route, { maxLength: 3 }),
        (callerRoleArn, a, vpceId, routes) => {
          const out = refusedWith([RangeError], () =>
            scaffoldPolicies({ callerRoleArn, api: a, vpceId, routes }),
          )
          if (!out) return
          accepted++
          for (const [k, doc] of [
            ['resource', out.resourcePolicy],
            ['endpoint', out.vpcEndpointPolicy],
            ['identity', out.identityPolicy],
          ] as const) {
            expect(() => parsePolicy(JSON.parse(JSON.stringify(doc)), { kind: k })).not.toThrow()
          }
        },
      ),
      { numRuns: 300 },
    )
    expect(accepted).toBeGreaterThan(10)
  })
})

// ── the doctor's snapshot loader (read only: src/cli/commands/doctor.ts) ───────────────
describe('doctor snapshot loader: a snapshot or a PvapiError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pvapi-fuzz-snap-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const fixtures = readdirSync(join(REPO, 'fixtures/snapshots'))
    .filter(f => f.endsWith('.json'))
    .slice(0, 8)
  const real = fixtures.map(
    f => JSON.parse(readFileSync(join(REPO, 'fixtures/snapshots', f), 'utf8')) as Record<string, unknown>,
  )

  /** A real snapshot with one top-level field replaced, removed, or the text cut short. */
  const corrupted = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...real),
        fc.constantFrom(
          'schemaVersion',
          'collectedAt',
          'target',
          'signing',
          'caller',
          'network',
          'api',
          'dns',
          'snapshot',
          'expect',
        ),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([s, k, v]) => JSON.stringify({ ...s, [k]: v })),
    fc
      .tuple(fc.constantFrom(...real), fc.constantFrom('schemaVersion', 'target', 'dns'))
      .map(([s, k]) => JSON.stringify(Object.fromEntries(Object.entries(s).filter(([key]) => key !== k)))),
    fc.tuple(fc.constantFrom(...real), fc.nat()).map(([s, n]) => {
      const text = JSON.stringify(s)
      return text.slice(0, n % text.length)
    }),
    fc.jsonValue({ maxDepth: 3 }).map(v => JSON.stringify(v) ?? ''),
    fc.string({ maxLength: 40 }),
  )

  it.skipIf(real.length === 0)(
    'corrupted, truncated or foreign files are refused with a PvapiError, never a crash',
    async () => {
      let n = 0
      let accepted = 0
      await fc.assert(
        fc.asyncProperty(corrupted, async text => {
          const file = join(dir, `s${n++}.json`)
          writeFileSync(file, text)
          const s = await refusedWithAsync([PvapiError], () => loadSnapshot(file))
          if (s) accepted++
          if (s) expect(s.schemaVersion).toBe(1)
        }),
        { numRuns: 200 },
      )
      expect(accepted).toBeGreaterThan(5)
    },
  )
})

describe('doctor on a loaded snapshot: fields of the wrong type anywhere', () => {
  // Found by the fuzzer above: files whose keys exist but hold the wrong type (`"target": null`,
  // `"network": "x"`, `"api": []`) crashed the report. Now: refused by the shape check
  // (PV_BAD_SNAPSHOT), or diagnosed.
  const dir = mkdtempSync(join(tmpdir(), 'pvapi-fuzz-deep-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const base = JSON.parse(readFileSync(join(REPO, 'examples/doctor/healthy.json'), 'utf8')) as Record<
    string,
    unknown
  >
  const paths: string[][] = []
  const walk = (v: unknown, path: string[]) => {
    if (path.length > 0) paths.push(path)
    if (v && typeof v === 'object' && path.length < 6)
      for (const [k, c] of Object.entries(v)) walk(c, [...path, k])
  }
  walk(base, [])
  const setAt = (obj: unknown, path: string[], value: unknown) => {
    const copy = structuredClone(obj) as Record<string, unknown>
    let cur: Record<string, unknown> = copy
    for (const k of path.slice(0, -1)) cur = cur[k] as Record<string, unknown>
    cur[path.at(-1) as string] = value
    return copy
  }
  it('every replaced field gives a report or a PV_BAD_SNAPSHOT, never a crash', async () => {
    const { buildReport } = await import('../../src/doctor/report.js')
    let n = 0
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.oneof(
          fc.constant(null),
          fc.constant('x'),
          fc.constant([]),
          fc.constant({}),
          fc.integer(),
          fc.boolean(),
        ),
        async (path, value) => {
          const file = join(dir, `d${n++}.json`)
          writeFileSync(file, JSON.stringify(setAt(base, path, value)))
          const s = await refusedWithAsync([PvapiError], () => loadSnapshot(file))
          if (!s) return
          // What the shape check lets through must be diagnosable: a crash here is a bug (the CLI
          // no longer hides a TypeError as "the snapshot is inconsistent").
          expect(() => buildReport(s, '0.0.0')).not.toThrow()
        },
      ),
      { numRuns: 300 },
    )
  })
})

// ── terminal text (src/core/terminal-text.ts) ─────────────────────────────────────────
describe('terminalSafe: server text can never drive the terminal', () => {
  it('leaves no control character (nor bidi override) in what it returns, and changes nothing else', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), s => {
        const one = terminalSafe(s)
        expect(one).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
        expect(terminalSafeLines(s)).not.toMatch(
          /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
        )
        if (!/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(s))
          expect(one).toBe(s)
      }),
      { numRuns: 1000 },
    )
  })
})
