/**
 * Loose input to the doctor and to `policy eval`: a malformed id, address, method or policy
 * file is exit 2 with one line naming the flag (or the file and the element), before any AWS
 * call. AWS_ENDPOINT_URL points at a loopback server that counts connections: it must see none.
 * Then write errors: a report or a snapshot that cannot be written is exit 23 with one line.
 */
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld, startFakeAws } from '../aws/fake-aws-endpoint.mjs'
import { TEMP, envFor, tempFiles } from '../helpers/run-cli.js'
import { startCli } from './support.js'

const U = 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items'
const GOOD = [
  '--vpc',
  'vpc-00000000000000001',
  '--subnet',
  'subnet-00000000000000001',
  '--caller-sg',
  'sg-00000000000000001',
  '--caller-ip',
  '10.0.0.5',
  '--api-account',
  '222222222222',
]
const without = (flag: string) => {
  const i = GOOD.indexOf(flag)
  return [...GOOD.slice(0, i), ...GOOD.slice(i + 2)]
}
const policy = (statement: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: statement })
const ALLOW = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }
let deep = '{"a":1}'
for (let i = 0; i < 100_000; i++) deep = `{"x":${deep}}`
const dir = tempFiles({
  'maybe.json': policy([{ ...ALLOW, Effect: 'Maybe' }]),
  'string-statement.json': JSON.stringify({ Version: '2012-10-17', Statement: 'allow everything' }),
  'numeric-principal.json': policy([{ ...ALLOW, Principal: 12 }]),
  'deep.json': JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ ...ALLOW, Condition: JSON.parse('{"StringEquals":{"k":"v"}}') }],
  }).replace('"v"', deep),
  'identity-with-principal.json': policy([{ ...ALLOW }]),
})

let counter: Server
let connections = 0
let port = 0
beforeAll(async () => {
  counter = createServer(s => {
    connections++
    s.destroy()
  })
  await new Promise<void>(r => counter.listen(0, '127.0.0.1', () => r()))
  port = (counter.address() as { port: number }).port
})
afterAll(() => new Promise<void>(r => counter.close(() => r())))

const cases: Array<{ name: string; args: string[]; error: RegExp }> = [
  {
    name: '--vpc vpcX',
    args: ['doctor', U, ...without('--vpc'), '--vpc', 'vpcX'],
    error: /^--vpc "vpcX": expected a VPC id/,
  },
  {
    name: '--subnet subnet_zz',
    args: ['doctor', U, ...without('--subnet'), '--subnet', 'subnet_zz'],
    error: /^--subnet "subnet_zz": expected a subnet id/,
  },
  {
    name: '--caller-sg sg-!!',
    args: ['doctor', U, ...without('--caller-sg'), '--caller-sg', 'sg-!!'],
    error: /^--caller-sg "sg-!!": expected a security group id/,
  },
  {
    name: '--caller-ip 999.0.0.1',
    args: ['doctor', U, ...without('--caller-ip'), '--caller-ip', '999.0.0.1'],
    error: /^--caller-ip "999.0.0.1": expected an IPv4 address/,
  },
  {
    name: '--caller-ip 2600:1f18::zz (not an IPv6 address)',
    args: ['doctor', U, ...without('--caller-ip'), '--caller-ip', '2600:1f18::zz'],
    error: /^--caller-ip "2600:1f18::zz": expected an IPv4 address such as 10.0.1.15 or an IPv6 address/,
  },
  {
    name: "-X 'G ET'",
    args: ['doctor', U, ...GOOD, '-X', 'G ET'],
    error: /^-X "G ET" is not an HTTP method/,
  },
  {
    name: '--timeout 0',
    args: ['doctor', U, ...GOOD, '--timeout', '0'],
    error: /^--timeout 0: expected a number of seconds/,
  },
  {
    name: '--aws-read-timeout soon',
    args: ['doctor', U, ...GOOD, '--aws-read-timeout', 'soon'],
    error: /^--aws-read-timeout soon: expected a number of seconds/,
  },
  {
    name: '--resource-policy with Effect "Maybe"',
    args: ['doctor', U, ...GOOD, '--resource-policy', join(dir, 'maybe.json')],
    error: /^--resource-policy \S+maybe\.json: not a valid policy: Statement\[0\]\.Effect/,
  },
  {
    name: '--endpoint-policy whose Statement is a string',
    args: ['doctor', U, ...GOOD, '--endpoint-policy', join(dir, 'string-statement.json')],
    error: /^--endpoint-policy \S+string-statement\.json: not a valid policy: Statement:/,
  },
  {
    name: '--resource-policy with a numeric Principal',
    args: ['doctor', U, ...GOOD, '--resource-policy', join(dir, 'numeric-principal.json')],
    error: /^--resource-policy \S+numeric-principal\.json: not a valid policy: Statement\[0\]\.Principal/,
  },
  {
    name: '--scp nested 100k deep',
    args: ['doctor', U, ...GOOD, '--scp', join(dir, 'deep.json')],
    error: /^--scp \S+deep\.json: not a valid policy/,
  },
  {
    name: '--identity-policy with a Principal',
    args: ['doctor', U, ...GOOD, '--identity-policy', join(dir, 'identity-with-principal.json')],
    error:
      /^--identity-policy \S+identity-with-principal\.json: not a valid policy: Statement\[0\]\.Principal/,
  },
  {
    name: 'policy eval --vpce vpce-!!',
    args: [
      'policy',
      'eval',
      '--resource-policy',
      join(dir, 'numeric-principal.json'),
      '--principal',
      'arn:aws:iam::111111111111:role/app',
      '--url',
      U,
      '--vpce',
      'vpce-!!',
    ],
    error: /^--vpce vpce-!!: expected a VPC endpoint id/,
  },
]

describe('loose input: exit 2, one line, no AWS call', () => {
  it.each(cases)('$name', async c => {
    const before = connections
    const r = await startCli(c.args, {
      env: envFor(TEMP, { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_REGION: 'us-east-1' }),
    }).done
    expect(r.code, r.stderr).toBe(2)
    const first = r.stderr.split('\n')[0]!.replace(/^pvapi: /, '')
    expect(first).toMatch(c.error)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.out).toBe('')
    expect(connections).toBe(before)
  })
})

describe('write errors: exit 23 with one line', () => {
  it('doctor --save-snapshot /dev/full', async () => {
    const aws = await startFakeAws({ world: defaultWorld() })
    try {
      const r = await startCli(['doctor', U, ...GOOD, '--format', 'json', '--save-snapshot', '/dev/full'], {
        env: envFor(TEMP, { AWS_ENDPOINT_URL: aws.url, AWS_REGION: 'us-east-1' }),
      }).done
      expect(r.code, r.stderr).toBe(23)
      expect(r.stderr).toMatch(/^pvapi: cannot write --save-snapshot \/dev\/full: ENOSPC/m)
      expect(r.stderr).not.toMatch(/snapshot saved/)
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter(l => !l.startsWith('  hint:')),
      ).toHaveLength(1)
    } finally {
      await aws.close()
    }
  }, 30_000)

  it('doctor report to a full stdout (> /dev/full)', async () => {
    const snapshot = new URL('../../examples/doctor/sourcevpce-mismatch.json', import.meta.url).pathname
    const { spawnSync } = await import('node:child_process')
    const { openSync, closeSync } = await import('node:fs')
    const full = openSync('/dev/full', 'w')
    try {
      const r = spawnSync(process.execPath, ['bin/pvapi.js', 'doctor', '--snapshot', snapshot], {
        cwd: new URL('../../', import.meta.url).pathname,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      })
      expect(r.status, r.stderr).toBe(23)
      expect(r.stderr).toMatch(/^pvapi: cannot write the report to stdout \(ENOSPC\)$/m)
    } finally {
      closeSync(full)
    }
  })
})
