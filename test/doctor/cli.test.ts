/**
 * `pvapi doctor` through main(): snapshot replay in every format, exit codes (0 pass, 1 fail,
 * 3 incomplete, 2 usage), --skip, what-if policy files, --print-iam-policy, --list-checks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { doctorTarget } from '../../src/doctor/target.js'
import { runChecks } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { RESOURCE_POLICY, healthy } from './builders.js'
import { runMain } from './run-main.js'

const FX = new URL('../../fixtures/snapshots/', import.meta.url).pathname
const fx = (name: string) => join(FX, `${name}.json`)

describe('pvapi doctor --snapshot', () => {
  it('exits 0 on a healthy snapshot and prints the verdict first', async () => {
    const r = await runMain(['doctor', '--snapshot', fx('healthy')])
    expect(r.code).toBe(0)
    expect(r.out.split('\n').slice(0, 6).join('\n')).toMatch(/PASS/)
    expect(r.out).toMatch(/Hop 8 {2}Handler/)
  })

  it('exits 1 and names the check, the statement and the fix on a failing hop', async () => {
    const r = await runMain(['doctor', '--snapshot', fx('row28-sourcevpce-lists-old-endpoint')])
    expect(r.code).toBe(1)
    const head = r.out.slice(0, r.out.indexOf('Hop 1'))
    expect(head).toMatch(/FAIL at hop 6 \(Resource policy\): apigw\.resource-policy-allows/)
    expect(head).toMatch(/Statement\[1\] \(DenyOutsideEndpoint\)/)
    expect(head).toMatch(/aws apigateway update-rest-api --rest-api-id a1b2c3d4e5/)
    expect(head).toMatch(/create-deployment/)
  })

  it('exits 3 when checks are unknown and none fails, naming the permission', async () => {
    const r = await runMain(['doctor', '--snapshot', fx('account-b-unreadable')])
    expect(r.code).toBe(3)
    expect(r.out).toMatch(/INCOMPLETE/)
    expect(r.out).toMatch(/would reveal it: apigateway:GET/)
  })

  it('prints the versioned JSON schema', async () => {
    const r = await runMain(['doctor', '--snapshot', fx('row16-caller-sg-no-egress-443'), '--format', 'json'])
    expect(r.code).toBe(1)
    const j = JSON.parse(r.out)
    expect(j.schemaVersion).toBe(1)
    expect(j.verdict).toMatchObject({ status: 'fail', hop: 3, check: 'sg.caller-egress-443' })
    for (const f of j.findings)
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining(['id', 'hop', 'status', 'summary', 'evidence', 'fix']),
      )
    expect(j.findings.find((f: { id: string }) => f.id === 'sg.caller-egress-443').fix).toMatch(
      /authorize-security-group-egress --group-id sg-00000000000000001/,
    )
  })

  it('prints Markdown for a ticket', async () => {
    const r = await runMain(['doctor', '--snapshot', fx('row21-endpoint-failed'), '--format', 'markdown'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/^## pvapi doctor — ❌ FAIL at hop 5/)
    expect(r.out).toMatch(/\| 5 Transit .* \| `vpce.state-available` \| ❌ fail \|/)
    expect(r.out).toMatch(/```sh\n/)
  })

  it('accepts a bare snapshot as well as a scenario file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvapi-doctor-'))
    const file = join(dir, 'snap.json')
    writeFileSync(file, JSON.stringify(healthy()))
    expect((await runMain(['doctor', '--snapshot', file])).code).toBe(0)
  })

  it('--skip a hop or a check reports it as skipped', async () => {
    const r = await runMain([
      'doctor',
      '--snapshot',
      fx('row28-sourcevpce-lists-old-endpoint'),
      '--skip',
      '6',
      '--format',
      'json',
    ])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(
      j.findings
        .filter((f: { hop: number }) => f.hop === 6)
        .every((f: { status: string }) => f.status === 'skipped'),
    ).toBe(true)
    expect(
      (
        await runMain([
          'doctor',
          '--snapshot',
          fx('row16-caller-sg-no-egress-443'),
          '--skip',
          'sg.caller-egress-443',
        ])
      ).code,
    ).toBe(0)
  })

  it('a --resource-policy file replaces the recorded one (what if I fix it?)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvapi-doctor-'))
    const file = join(dir, 'fixed.json')
    writeFileSync(file, JSON.stringify(RESOURCE_POLICY))
    const r = await runMain([
      'doctor',
      '--snapshot',
      fx('row28-sourcevpce-lists-old-endpoint'),
      '--resource-policy',
      file,
    ])
    expect(r.code).toBe(0)
  })

  it.each([
    [['doctor', '--snapshot', fx('healthy'), '--format', 'yaml'], /--format yaml/],
    [
      [
        'doctor',
        '--snapshot',
        fx('healthy'),
        'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/x',
      ],
      /cannot apply/,
    ],
    [['doctor', '--snapshot', fx('healthy'), '--lambda', 'fn'], /--lambda/],
    [['doctor', '--snapshot', fx('healthy'), '--skip', 'nope.check'], /--skip nope.check/],
    [['doctor'], /needs a URL/],
    [
      [
        'doctor',
        'https://vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com/prod/items',
      ],
      /which API/,
    ],
  ])('usage errors exit 2: %s', async (args, message) => {
    const r = await runMain(args)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
    expect(r.out).toBe('')
  })

  it('a snapshot file that is not JSON or has another schema version is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvapi-doctor-'))
    writeFileSync(join(dir, 'bad.json'), '{nope')
    writeFileSync(join(dir, 'v9.json'), JSON.stringify({ ...healthy(), schemaVersion: 9 }))
    expect((await runMain(['doctor', '--snapshot', join(dir, 'bad.json')])).code).toBe(2)
    const r = await runMain(['doctor', '--snapshot', join(dir, 'v9.json')])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/schemaVersion 9/)
    expect((await runMain(['doctor', '--snapshot', join(dir, 'missing.json')])).code).toBe(26)
  })
})

describe('pvapi doctor --print-iam-policy and --list-checks', () => {
  it('prints both read-only policies', async () => {
    const r = await runMain(['doctor', '--print-iam-policy', '--format', 'json'])
    expect(r.code).toBe(0)
    const p = JSON.parse(r.out)
    expect(JSON.stringify(p.callerAccount)).toMatch(/ec2:DescribeVpcEndpoints/)
    expect(JSON.stringify(p.apiAccount)).toMatch(/apigateway:GET/)
    const text = await runMain(['doctor', '--print-iam-policy'])
    expect(text.out).toMatch(/# Account A/)
    expect(text.out).toMatch(/# Account B/)
  })

  it('lists every check with its hop', async () => {
    const r = await runMain(['doctor', '--list-checks'])
    expect(r.code).toBe(0)
    expect(r.out.split('\n').filter(l => /^[1-8] {2}[a-z]+\./.test(l)).length).toBeGreaterThanOrEqual(40)
  })
})

describe('doctorTarget', () => {
  const region = { region: 'eu-west-1', source: 'config' as const }
  it('reads stage and path from an execute-api URL', () => {
    const { target, signing } = doctorTarget(
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items/42?x=1',
      { request: 'post' },
      region,
    )
    expect(target).toMatchObject({
      hostKind: 'private-dns',
      apiId: 'a1b2c3d4e5',
      region: 'us-east-1',
      stage: 'prod',
      resourcePath: '/items/42',
      method: 'POST',
    })
    expect(signing).toMatchObject({
      region: 'us-east-1',
      regionSource: 'host',
      service: 'execute-api',
      authorization: 'sigv4',
    })
  })
  it('builds the URL from --api-id and --stage', () => {
    const { target } = doctorTarget(undefined, { apiId: 'a1b2c3d4e5', stage: 'prod', path: 'items' }, region)
    expect(target).toMatchObject({
      hostname: 'a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com',
      stage: 'prod',
      resourcePath: '/items',
    })
  })
  it('an endpoint-specific name needs --api-id and sends x-apigw-api-id', () => {
    const { target, signing } = doctorTarget(
      'https://vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com/prod/items',
      { apiId: 'a1b2c3d4e5' },
      region,
    )
    expect(target).toMatchObject({ hostKind: 'vpce', vpceId: 'vpce-0123456789abcdef0', apiId: 'a1b2c3d4e5' })
    expect(signing).toMatchObject({ apiIdHeader: 'a1b2c3d4e5', hostMode: 'header' })
  })
  it('a custom domain keeps its path for the base path mapping', () => {
    const { target, signing } = doctorTarget(
      'https://api.internal.example.com/orders/items',
      { vpce: 'vpce-0123456789abcdef0' },
      { region: 'us-east-1', source: 'flag' },
    )
    expect(target).toMatchObject({
      hostKind: 'custom',
      customDomain: 'api.internal.example.com',
      urlPath: '/orders/items',
      vpceId: 'vpce-0123456789abcdef0',
    })
    expect(target.stage).toBeUndefined()
    expect(signing.hostHeader).toBe('api.internal.example.com')
  })
  it('redacts signature query parameters from the recorded URL', () => {
    const { target } = doctorTarget(
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items?X-Amz-Signature=abcdef&X-Amz-Security-Token=secret',
      {},
      region,
    )
    expect(target.url).not.toMatch(/abcdef|secret/)
  })
})

describe('purity', () => {
  it('running the checks writes nothing to the console', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map(m =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    )
    runChecks(healthy() as unknown as DoctorSnapshot)
    for (const s of spies) {
      expect(s).not.toHaveBeenCalled()
      s.mockRestore()
    }
  })
})
