/**
 * `pvapi policy eval | lint | scaffold`, run in-process through main() with a recording
 * terminal: exit codes, stdout/stderr split, and that the scaffold's output evaluates as it says.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { Chalk } from 'chalk'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { Io } from '../../src/cli/io.js'

const EX = new URL('../../fixtures/policy/examples/', import.meta.url).pathname
const SESSION = 'arn:aws:sts::111111111111:assumed-role/lambda-role/s1'
const URL_ITEMS = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod/items'

async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const io: Io = {
    stdout: new PassThrough(),
    out: t => void out.push(t),
    err: t => void err.push(t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    colors: new Chalk({ level: 0 }),
    errColors: new Chalk({ level: 0 }),
    readStdin: async () => Buffer.from(stdin),
    prompt: async () => '',
  }
  const code = await main(args, { io, env: {}, user: 'test', signal: new AbortController().signal })
  return { code, out: out.join(''), err: err.join('') }
}

const evalArgs = (...extra: string[]): string[] => [
  'policy',
  'eval',
  '--principal',
  SESSION,
  '--url',
  URL_ITEMS,
  '--api-account',
  '222222222222',
  '--resource-policy',
  join(EX, 'resource-policy.json'),
  '--endpoint-policy',
  join(EX, 'endpoint-policy.json'),
  '--identity-policy',
  join(EX, 'identity-policy.json'),
  ...extra,
]

describe('pvapi policy eval', () => {
  it('allows the role through the right endpoint and exits 0', async () => {
    const r = await run(evalArgs('--vpce', 'vpce-0abc'))
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^ALLOW\n/)
    expect(r.out).toContain('arn:aws:execute-api:us-east-1:222222222222:abc123/prod/GET/items')
    expect(r.out).toContain('cross-account (Table B: both sides must allow)')
    expect(r.err).toBe('')
  })

  it('shows the denying statement, the condition values and a hint, and exits 1', async () => {
    const r = await run(evalArgs('--vpce', 'vpce-0zzz'))
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/^DENY \(explicit deny\) by the resource policy/)
    expect(r.out).toContain('✖ Statement[0] DenyUnlessThroughVpce  Deny  applies')
    expect(r.out).toContain('true  StringNotEquals aws:SourceVpce  expected "vpce-0abc"  actual "vpce-0zzz"')
    expect(r.out).toContain('what would make it pass:')
  })

  it('reads the escaped string GetRestApi returns', async () => {
    const args = evalArgs('--vpce', 'vpce-0abc')
    args[args.indexOf(join(EX, 'resource-policy.json'))] = join(EX, 'resource-policy.escaped.txt')
    const r = await run(args)
    expect(r.code).toBe(0)
  })

  it('prints JSON with the layers and hints', async () => {
    const r = await run(evalArgs('--vpce', 'vpce-0zzz', '--format', 'json'))
    const data = JSON.parse(r.out) as {
      decision: string
      deniedBy: string
      layers: { layer: string }[]
      hints: { kind: string }[]
    }
    expect(data).toMatchObject({ decision: 'explicit-deny', deniedBy: 'resource-policy' })
    expect(data.layers.map(l => l.layer)).toEqual([
      'vpc-endpoint-policy',
      'resource-policy',
      'identity-policy',
    ])
    expect(data.hints[0]?.kind).toBe('explicit-deny')
  })

  it('takes --resource and --context, and treats a repeated key as multivalued', async () => {
    const r = await run([
      'policy',
      'eval',
      '--principal',
      SESSION,
      '--resource',
      'arn:aws:execute-api:us-east-1:222222222222:abc123/prod/GET/items',
      '--resource-policy',
      join(EX, 'resource-policy.json'),
      '--identity-policy',
      join(EX, 'identity-policy.json'),
      '--context',
      'aws:SourceVpce=vpce-0abc',
      '--context',
      'aws:TagKeys=a',
      '--context',
      'aws:TagKeys=b',
      '--format',
      'json',
    ])
    expect(r.code).toBe(0)
    expect((JSON.parse(r.out) as { context: Record<string, unknown> }).context['aws:TagKeys']).toEqual([
      'a',
      'b',
    ])
  })

  it('evaluates a NONE method: the resource policy sees an anonymous caller', async () => {
    // Signed: the custom endpoint policy sees the role, but a NONE method's resource policy
    // sees anonymous, so the Allow naming the role does not apply.
    const signed = await run(evalArgs('--vpce', 'vpce-0abc', '--authorization-type', 'NONE'))
    expect(signed.code).toBe(1)
    expect(signed.out).toContain('DENY (implicit deny) by the resource policy')
    // Unsigned: the endpoint policy sees anonymous too, and it comes first.
    const unsigned = await run(
      evalArgs('--vpce', 'vpce-0abc', '--authorization-type', 'NONE', '--authorization-header', 'none'),
    )
    expect(unsigned.out).toContain('DENY (implicit deny) by the vpc endpoint policy')
  })

  it('names the file and path of an invalid policy and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvapi-policy-'))
    const bad = join(dir, 'bad.json')
    writeFileSync(
      bad,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: '*',
            Condition: { StringEquals: 'x' },
          },
        ],
      }),
    )
    const r = await run([
      'policy',
      'eval',
      '--principal',
      SESSION,
      '--resource',
      'arn:aws:execute-api:us-east-1:222222222222:abc123/prod/GET/items',
      '--resource-policy',
      bad,
    ])
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err).toContain(
      `resource policy ${bad}: Statement[0].Condition.StringEquals: expected an object of condition keys`,
    )
  })

  it('exits 26 for a file it cannot read', async () => {
    const r = await run([
      'policy',
      'eval',
      '--principal',
      SESSION,
      '--resource',
      'arn:aws:execute-api:us-east-1:222222222222:abc123/prod/GET/items',
      '--resource-policy',
      '/nonexistent/p.json',
    ])
    expect(r.code).toBe(26)
  })

  it('needs exactly one of --url and --resource', async () => {
    const r = await run(['policy', 'eval', '--principal', SESSION])
    expect(r.code).toBe(2)
    expect(r.err).toContain('exactly one of --url and --resource')
  })
})

describe('pvapi policy eval: the 2025 VPC endpoint keys and malformed policies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pvapi-vpce-keys-'))
  const orgOnly = join(dir, 'endpoint-org.json')
  writeFileSync(
    orgOnly,
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:VpceAccount': '333333333333', 'aws:VpceOrgID': 'o-abc123defg' },
            'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': 'o-abc123defg/r-ab12/ou-ab12-11111111/*' },
          },
        },
      ],
    }),
  )
  const args = (...extra: string[]): string[] => [
    'policy',
    'eval',
    '--principal',
    SESSION,
    '--resource',
    'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items',
    '--resource-policy',
    join(EX, 'resource-policy.json'),
    '--identity-policy',
    join(EX, 'identity-policy.json'),
    '--vpce',
    'vpce-0abc',
    '--endpoint-policy',
    orgOnly,
    '--format',
    'json',
    ...extra,
  ]
  const vpceFlags = [
    '--vpce-account',
    '333333333333',
    '--vpce-org-id',
    'o-abc123defg',
    '--vpce-org-path',
    'o-abc123defg/r-ab12/ou-ab12-11111111/ou-ab12-22222222/',
  ]

  it('sets aws:VpceAccount, aws:VpceOrgID and the multivalued aws:VpceOrgPaths from flags', async () => {
    const r = await run(args(...vpceFlags))
    const data = JSON.parse(r.out) as { context: Record<string, unknown>; layers: { decision: string }[] }
    expect(data.context['aws:VpceAccount']).toBe('333333333333')
    expect(data.context['aws:VpceOrgID']).toBe('o-abc123defg')
    expect(data.context['aws:VpceOrgPaths']).toEqual([
      'o-abc123defg/r-ab12/ou-ab12-11111111/ou-ab12-22222222/',
    ])
    expect(data.layers[0]?.decision).toBe('allow')
  })

  it('without them the endpoint policy that requires them denies', async () => {
    const r = await run(args())
    const data = JSON.parse(r.out) as { deniedBy: string; context: Record<string, unknown> }
    expect(r.code).toBe(1)
    expect(data.deniedBy).toBe('vpc-endpoint-policy')
    expect(data.context).not.toHaveProperty('aws:VpceAccount')
  })

  it('keeps them with --bare-context (a flag the user gave is never dropped)', async () => {
    const r = await run(args(...vpceFlags, '--bare-context', '--context', 'aws:SourceVpce=vpce-0abc'))
    const data = JSON.parse(r.out) as { context: Record<string, unknown> }
    expect(data.context['aws:VpceOrgID']).toBe('o-abc123defg')
    expect(data.context['aws:VpceOrgPaths']).toHaveLength(1)
  })

  it.each([
    ['--vpce-account', '33333333333'],
    ['--vpce-org-id', 'abc'],
    ['--vpce-org-path', 'o-abc123defg'],
  ])('rejects %s %s with exit 2', async (flag, value) => {
    const r = await run(args(flag, value))
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${flag} ${value}: expected`)
  })

  it('says "malformed" for a principal AWS would have refused, not "does not match"', async () => {
    const bad = join(dir, 'malformed.json')
    writeFileSync(
      bad,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111111111111::role/lambda-role' },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
          },
        ],
      }),
    )
    const r = await run([
      'policy',
      'eval',
      '--principal',
      SESSION,
      '--resource',
      'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items',
      '--resource-policy',
      bad,
    ])
    expect(r.code).toBe(1)
    expect(r.out).toContain('malformed: AWS would not have accepted this policy')
    expect(r.out).toContain("extra ':' before 'role'")
    expect(r.out).not.toContain('principal does not match')
    const lint = await run(['policy', 'lint', bad, '--kind', 'resource'])
    expect(lint.out).toContain('malformed-arn')
    expect(lint.out).toContain("extra ':' before 'role'")
  })
})

describe('pvapi policy lint', () => {
  it('exits 1 on error findings and lists them', async () => {
    const r = await run(['policy', 'lint', join(EX, 'too-open.json'), '--kind', 'resource'])
    expect(r.code).toBe(1)
    expect(r.out).toContain('principal-star-without-vpc-guard')
    expect(r.out).toContain('action-wildcard')
    expect(r.out).toContain('resource-wildcard')
  })

  it('exits 0 when there are only notes', async () => {
    const r = await run([
      'policy',
      'lint',
      join(EX, 'resource-policy.json'),
      '--kind',
      'resource',
      '--format',
      'json',
    ])
    expect(r.code).toBe(0)
    const data = JSON.parse(r.out) as { findings: { severity: string }[] }
    expect(data.findings.every(f => f.severity === 'info')).toBe(true)
  })

  it('reads stdin for "-"', async () => {
    const r = await run(
      ['policy', 'lint', '-', '--kind', 'endpoint'],
      JSON.stringify({
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: 'execute-api:/*' }],
      }),
    )
    expect(r.code).toBe(1)
    expect(r.out).toContain('shorthand-will-not-expand')
  })
})

describe('pvapi policy scaffold', () => {
  const args = [
    'policy',
    'scaffold',
    '--caller-role',
    'arn:aws:iam::111111111111:role/lambda-role',
    '--api',
    'arn:aws:execute-api:us-east-1:222222222222:abc123/prod',
    '--vpce',
    'vpce-0abc',
    '--route',
    'GET:/items',
    '--route',
    'POST:/items',
  ]

  it('prints the three policies and the two security-group commands', async () => {
    const r = await run(args)
    expect(r.code).toBe(0)
    expect(r.out).toContain('# VPC endpoint policy')
    expect(r.out).toContain('# API resource policy')
    expect(r.out).toContain('# caller identity policy')
    expect(r.out.match(/^aws ec2 authorize-security-group-(ingress|egress) /gm)).toHaveLength(2)
  })

  it('scaffolds policies that `policy eval` allows for exactly those routes', async () => {
    // Given the scaffold's JSON written to files
    const s = JSON.parse((await run([...args, '--format', 'json'])).out) as Record<string, unknown>
    const dir = mkdtempSync(join(tmpdir(), 'pvapi-scaffold-'))
    const file = (name: string, doc: unknown): string => {
      const p = join(dir, name)
      writeFileSync(p, JSON.stringify(doc))
      return p
    }
    const files = [
      '--resource-policy',
      file('rp.json', s.resourcePolicy),
      '--endpoint-policy',
      file('ep.json', s.vpcEndpointPolicy),
      '--identity-policy',
      file('id.json', s.identityPolicy),
    ]
    const evalRoute = (method: string, path: string) =>
      run([
        'policy',
        'eval',
        '--principal',
        SESSION,
        '--resource',
        `arn:aws:execute-api:us-east-1:222222222222:abc123/prod/${method}/${path}`,
        '--vpce',
        'vpce-0abc',
        ...files,
      ])
    // When each route is evaluated, Then exactly the scaffolded ones pass
    expect((await evalRoute('GET', 'items')).code).toBe(0)
    expect((await evalRoute('POST', 'items')).code).toBe(0)
    expect((await evalRoute('DELETE', 'items')).code).toBe(1)
    expect((await evalRoute('GET', 'orders')).code).toBe(1)
  })

  it('refuses a route it cannot read', async () => {
    const r = await run([...args.slice(0, -2), '--route', 'GET items'.replace(' ', '')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('METHOD:/path')
  })
})
