/**
 * Fixes that run: every fix the doctor prints for the scenario fixtures and examples is checked
 * statically (complete commands, no `…`/`file://`, placeholders explained, policies that lint),
 * then every distinct AWS CLI command is run through the real AWS CLI v2 against a loopback
 * recorder: it must parse, and send the operation, ids and documents the command names.
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { lintPolicy } from '../../src/policy/index.js'
import type { PolicyInput, PolicyKind } from '../../src/policy/types.js'
import { startAwsRecorder, type RecordedRequest } from './fixes/aws-recorder.js'
import { commandLines, printedFixes } from './fixes/collect-fixes.js'
import { shellWords } from './fixes/shell-words.js'

const fixes = printedFixes()

/** Checks whose remedy is never an AWS API change (the client, a clock, another check's fix). */
const NOT_API_CHANGES = /^(signing\.|probe\.)/

/** Upper-case words that are AWS values, not placeholders. */
const AWS_WORDS = new Set([
  'PRIVATE',
  'REGIONAL',
  'EDGE',
  'VPCE',
  'API_KEY',
  'AWS_PROXY',
  'AWS_IAM',
  'POST',
  'GET',
  'INFO',
  'NONE',
  // Route 53 Resolver values (hybrid fixes).
  'INBOUND',
  'OUTBOUND',
  'FORWARD',
  'SYSTEM',
  'TCP',
])

const argValue = (argv: readonly string[], flag: string): string | undefined => {
  const i = argv.indexOf(flag)
  return i >= 0 ? argv[i + 1] : undefined
}

/** Every JSON document a command carries, with the kind of policy it is (when it is one). */
function documentsOf(
  argv: readonly string[],
): Array<{ flag: string; value: unknown; policyKind?: PolicyKind }> {
  const out: Array<{ flag: string; value: unknown; policyKind?: PolicyKind }> = []
  const op = `${argv[1]} ${argv[2]}`
  argv.forEach((a, i) => {
    if (!a.startsWith('--') || i + 1 >= argv.length) return
    const v = argv[i + 1]!
    if (!/^[[{]/.test(v)) return
    const parsed: unknown = JSON.parse(v)
    out.push({ flag: a, value: parsed })
    if (a === '--policy-document')
      out.push({
        flag: a,
        value: parsed,
        policyKind:
          op === 'ec2 modify-vpc-endpoint'
            ? 'endpoint'
            : op.startsWith('iam create-policy-version')
              ? 'boundary'
              : 'identity',
      })
    if (a === '--content') out.push({ flag: a, value: parsed, policyKind: 'scp' })
    if (a === '--patch-operations')
      for (const p of parsed as Array<{ path: string; value?: string }>)
        if (p.path === '/policy')
          out.push({ flag: `${a} ${p.path}`, value: JSON.parse(p.value ?? ''), policyKind: 'resource' })
  })
  return out
}

describe('the fixes the doctor prints', () => {
  it('covers the fixtures (a sanity check on the collection)', () => {
    expect(fixes.length).toBeGreaterThan(40)
  })

  it.each(fixes.map(f => [`${f.file} ${f.check}`, f] as const))('%s is complete', (_name, f) => {
    expect(f.fix, 'an elided value').not.toMatch(/…|\.\.\./)
    expect(f.fix, 'a file the user would have to write').not.toMatch(/file:\/\//)
    const lines = f.fix.split('\n')
    // A command is always on its own line, never inside prose.
    // (A placeholder's explanation, `# NAME: how to get it`, may name the command that reads it.)
    for (const l of lines)
      if (!l.startsWith('aws ') && !/^# [A-Z][A-Z0-9_]*: /.test(l))
        expect(l, 'an AWS CLI command inside prose').not.toMatch(/\baws [a-z0-9-]+ [a-z][a-z0-9-]+( |$)/)
    // A fix that is no AWS API change (the authorizer's code) says so on its first line.
    if (!NOT_API_CHANGES.test(f.check) && !f.fix.startsWith('# no AWS API change: '))
      expect(commandLines(f.fix).length, 'an AWS CLI command').toBeGreaterThan(0)
    for (const line of commandLines(f.fix)) {
      const argv = shellWords(line)
      expect(argv[0]).toBe('aws')
      // Placeholders are explained on a comment line ("# NAME: how to get it").
      for (const w of argv.flatMap(a => a.split(/[=,]/)))
        if (
          /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(w) &&
          w.length >= 3 &&
          !AWS_WORDS.has(w) &&
          // A Route 53 hosted zone id (Z + 13 or more upper-case letters and digits) is a real id.
          !/^Z[0-9A-Z]{12,}$/.test(w)
        )
          expect(f.fix, `placeholder ${w} explained`).toMatch(new RegExp(`^# ${w}: `, 'm'))
      for (const doc of documentsOf(argv))
        if (doc.policyKind) {
          const errors = lintPolicy(doc.value as PolicyInput, { kind: doc.policyKind }).filter(
            x => x.severity === 'error',
          )
          expect(errors, `${doc.flag} lints`).toEqual([])
        }
    }
  })

  it('a resource-policy change says to redeploy, with the command', () => {
    for (const f of fixes)
      if (commandLines(f.fix).some(l => /update-rest-api .*"path":"\/policy"/.test(l)))
        expect(f.fix, `${f.file} ${f.check}`).toMatch(
          /^aws apigateway create-deployment --rest-api-id \S+ --stage-name [a-z]/m,
        )
  })
})

/** An AWS CLI v2 binary: Debian's is /usr/bin/aws (the first `aws` on PATH may be a v1 shim). */
function findAwsCliV2(): string | undefined {
  for (const bin of [process.env.PVAPI_TEST_AWS_CLI, '/usr/bin/aws', '/usr/local/bin/aws']) {
    if (!bin) continue
    try {
      const v = execFileSync(bin, ['--version'], {
        encoding: 'utf8',
        timeout: 20_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      if (/^aws-cli\/2\./.test(v)) return bin
    } catch {
      // not there, or not runnable
    }
  }
  return undefined
}

// The commands are the same text under every Node version: .ci/run sets PVAPI_CI_REPEAT_RUN for
// its Node 22/24 passes, which then skip the (slow, Python) AWS CLI part.
const repeatRun = process.env.PVAPI_CI_REPEAT_RUN === '1'
const cli = repeatRun ? undefined : findAwsCliV2()
if (repeatRun)
  console.log('fix-commands: skipping the AWS CLI run: it ran in the first pass of .ci/run (same commands)')
else if (!cli) console.log('fix-commands: skipping the AWS CLI run: no AWS CLI v2 (apt-get install awscli)')

/** The operation a command must send, as the recorder sees it. */
function operationOf(r: RecordedRequest): string {
  const target = r.headers['x-amz-target']
  if (typeof target === 'string') return target.split('.').pop()!
  if (String(r.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    return new URLSearchParams(r.body).get('Action') ?? '?'
  return `${r.method} ${r.url.split('?')[0]}`
}

/** rest-json operations: CLI name → method and path pattern. */
const REST: Record<string, (argv: readonly string[]) => RegExp> = {
  'apigateway update-rest-api': a => new RegExp(`^PATCH /restapis/${argValue(a, '--rest-api-id')}$`),
  'apigateway create-deployment': a =>
    new RegExp(`^POST /restapis/${argValue(a, '--rest-api-id')}/deployments$`),
  'apigateway update-domain-name': a => new RegExp(`^PATCH /domainnames/${argValue(a, '--domain-name')}$`),
  'apigateway create-base-path-mapping': a =>
    new RegExp(`^POST /domainnames/${argValue(a, '--domain-name')}/basepathmappings$`),
  'apigateway create-domain-name-access-association': () => /^POST \/domainnameaccessassociations$/,
  'apigateway create-usage-plan': () => /^POST \/usageplans$/,
  'apigateway create-usage-plan-key': a =>
    new RegExp(`^POST /usageplans/${argValue(a, '--usage-plan-id')}/keys$`),
  'apigateway create-api-key': () => /^POST \/apikeys$/,
  'apigateway get-rest-apis': () => /^GET \/restapis$/,
  'apigateway get-stages': a => new RegExp(`^GET /restapis/${argValue(a, '--rest-api-id')}/stages$`),
  'apigateway get-resources': a => new RegExp(`^GET /restapis/${argValue(a, '--rest-api-id')}/resources$`),
  'apigateway get-usage-plan-keys': a =>
    new RegExp(`^GET /usageplans/${argValue(a, '--usage-plan-id')}/keys$`),
  'apigateway get-authorizers': a =>
    new RegExp(`^GET /restapis/${argValue(a, '--rest-api-id')}/authorizers$`),
  'apigateway update-stage': a =>
    new RegExp(`^PATCH /restapis/${argValue(a, '--rest-api-id')}/stages/${argValue(a, '--stage-name')}$`),
  'apigateway update-method': a =>
    new RegExp(
      `^PATCH /restapis/${argValue(a, '--rest-api-id')}/resources/${argValue(a, '--resource-id')}/methods/${argValue(a, '--http-method')}$`,
    ),
  'apigateway put-method': a =>
    new RegExp(
      `^PUT /restapis/${argValue(a, '--rest-api-id')}/resources/${argValue(a, '--resource-id')}/methods/${argValue(a, '--http-method')}$`,
    ),
  'apigateway put-integration': a =>
    new RegExp(
      `^PUT /restapis/${argValue(a, '--rest-api-id')}/resources/${argValue(a, '--resource-id')}/methods/${argValue(a, '--http-method')}/integration$`,
    ),
  'apigateway update-integration': a =>
    new RegExp(
      `^PATCH /restapis/${argValue(a, '--rest-api-id')}/resources/${argValue(a, '--resource-id')}/methods/${argValue(a, '--http-method')}/integration$`,
    ),
  'apigateway create-vpc-link': () => /^POST \/vpclinks$/,
  'apigateway get-vpc-link': a => new RegExp(`^GET /vpclinks/${argValue(a, '--vpc-link-id')}$`),
  'apigateway create-resource': a =>
    new RegExp(`^POST /restapis/${argValue(a, '--rest-api-id')}/resources/${argValue(a, '--parent-id')}$`),
  'route53 associate-vpc-with-hosted-zone': a =>
    new RegExp(`^POST /2013-04-01/hostedzone/${argValue(a, '--hosted-zone-id')}/associatevpc/?$`),
  'route53 change-resource-record-sets': a =>
    new RegExp(`^POST /2013-04-01/hostedzone/${argValue(a, '--hosted-zone-id')}/rrset/?$`),
  'lambda add-permission': a =>
    new RegExp(
      `^POST /2015-03-31/functions/${encodeURIComponent(argValue(a, '--function-name') ?? '').replace(/[:]/g, '(:|%3A)')}/policy$`,
    ),
}

/** CLI commands whose operation is not their name (customizations). */
const CUSTOM_OPS: Record<string, string> = { 'logs tail': 'FilterLogEvents' }

const pascal = (kebab: string): string =>
  kebab.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())

/** The scalar values of a JSON document, as text. */
const leaves = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap(leaves)
    : v && typeof v === 'object'
      ? Object.values(v).flatMap(leaves)
      : [String(v)]

/** Every value a request carries: form fields, JSON fields at any depth, and JSON inside strings. */
function requestValues(r: RecordedRequest): unknown[] {
  const out: unknown[] = [decodeURIComponent(r.url)]
  const visit = (v: unknown): void => {
    out.push(v)
    if (typeof v === 'string' && /^[[{]/.test(v))
      try {
        visit(JSON.parse(v))
      } catch {
        // plain text
      }
    else if (Array.isArray(v)) v.forEach(visit)
    else if (v && typeof v === 'object') Object.values(v).forEach(visit)
  }
  if (String(r.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded'))
    for (const v of new URLSearchParams(r.body).values()) visit(v)
  else if (r.body.startsWith('<')) out.push(r.body)
  else if (r.body) visit(JSON.parse(r.body))
  return out
}

const CLI_ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_MAX_ATTEMPTS: '1',
}

interface CliRun {
  readonly code: number
  readonly stderr: string
  readonly requests: RecordedRequest[]
}

/**
 * Runs each command against its own recorder. A CLI that is a Python script (Debian's) runs
 * them through its entry point from one Python process (fixes/run-aws-batch.py: one driver, a
 * forked child per command); any other (the bundled installer's binary)
 * runs two at a time.
 */
async function runAll(bin: string, argvs: ReadonlyArray<readonly string[]>): Promise<CliRun[]> {
  const recorders = await Promise.all(argvs.map(() => startAwsRecorder()))
  try {
    const args = argvs.map((argv, i) => [
      ...argv.slice(1),
      '--endpoint-url',
      recorders[i]!.url,
      '--no-cli-pager',
      '--cli-read-timeout',
      '10',
      '--cli-connect-timeout',
      '5',
    ])
    const exec = (file: string, a: readonly string[]) =>
      new Promise<{ code: number; stderr: string }>(resolve =>
        execFile(file, a, { env: CLI_ENV, timeout: 300_000 }, (err, _out, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stderr }),
        ),
      )
    const shebang = readFileSync(bin, 'utf8')
      .slice(0, 200)
      .match(/^#!(\S*python\S*)/)?.[1]
    let results: Array<{ code: number; stderr: string }>
    if (shebang) {
      const dir = mkdtempSync(join(tmpdir(), 'pvapi-awscli-'))
      try {
        writeFileSync(join(dir, 'jobs.json'), JSON.stringify(args))
        const r = await exec(shebang, [
          fileURLToPath(new URL('./fixes/run-aws-batch.py', import.meta.url)),
          join(dir, 'jobs.json'),
          join(dir, 'out.json'),
        ])
        if (r.code !== 0) throw new Error(`the batch runner failed: ${r.stderr}`)
        results = (
          JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Array<{ rc: number; stderr: string }>
        ).map(x => ({ code: x.rc, stderr: x.stderr }))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    } else {
      results = new Array(args.length)
      let next = 0
      const worker = async () => {
        for (let i = next++; i < args.length; i = next++) results[i] = await exec(bin, args[i]!)
      }
      await Promise.all([worker(), worker()])
    }
    return results.map((r, i) => ({ ...r, requests: [...recorders[i]!.requests] }))
  } finally {
    await Promise.all(recorders.map(r => r.close()))
  }
}

/** Options this CLI's (older) model does not know: `Unknown options: --a, v, --b`. */
const unknownOptions = (stderr: string): string[] =>
  (stderr.match(/Unknown options: (.*)/)?.[1] ?? '').split(', ').filter(x => x.startsWith('--'))

const withoutOptions = (argv: readonly string[], drop: readonly string[]): string[] => {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (drop.includes(argv[i]!)) {
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) i++
      continue
    }
    out.push(argv[i]!)
  }
  return out
}

describe.skipIf(!cli)('the AWS CLI v2 accepts every printed command', () => {
  const commands = [...new Set(fixes.flatMap(f => commandLines(f.fix)))].sort()

  it(`sends the intended request for each of the ${commands.length} distinct commands`, {
    timeout: 360_000,
  }, async () => {
    const problems: string[] = []
    const notes: string[] = []
    let argvs = commands.map(shellWords)
    let runs = await runAll(cli!, argvs)
    // Debian's CLI 2.9 predates some options (update-domain-name --domain-name-id, 2024): run
    // those commands again without them, so the rest of the command is still proven.
    const retry = runs.flatMap((r, i) => (r.code !== 0 && unknownOptions(r.stderr).length > 0 ? [i] : []))
    if (retry.length > 0) {
      const again = await runAll(
        cli!,
        retry.map(i => withoutOptions(argvs[i]!, unknownOptions(runs[i]!.stderr))),
      )
      argvs = [...argvs]
      runs = [...runs]
      retry.forEach((i, k) => {
        notes.push(
          `${unknownOptions(runs[i]!.stderr).join(' ')} unknown to this CLI, checked without: ${commands[i]}`,
        )
        argvs[i] = withoutOptions(argvs[i]!, unknownOptions(runs[i]!.stderr))
        runs[i] = again[k]!
      })
    }
    runs.forEach((r, i) => {
      const argv = argvs[i]!
      const where = `\n  ${commands[i]}`
      if (r.code !== 0 && /Invalid choice/.test(r.stderr)) {
        notes.push(
          `operation ${argv[1]} ${argv[2]} unknown to this CLI (older model), not run: ${commands[i]}`,
        )
        return
      }
      if (r.code !== 0) {
        problems.push(`exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' ')}${where}`)
        return
      }
      if (r.requests.length !== 1) {
        problems.push(`${r.requests.length} requests${where}`)
        return
      }
      const req = r.requests[0]!
      const name = `${argv[1]} ${argv[2]}`
      const op = operationOf(req)
      const rest = REST[name]
      if (rest ? !rest(argv).test(op) : op !== (CUSTOM_OPS[name] ?? pascal(argv[2]!)))
        problems.push(`operation ${op}${where}`)
      const values = requestValues(req)
      const text = values.filter(v => typeof v === 'string').join('\n')
      // Every id and name the command gives reaches the request.
      argv.forEach((a, j) => {
        if (/^--.*(-id|-ids|-name|-arn|-block|-source)$/.test(a))
          for (let k = j + 1; k < argv.length && !argv[k]!.startsWith('--'); k++)
            if (!text.includes(argv[k]!)) problems.push(`${a} ${argv[k]} not sent${where}`)
      })
      // Every JSON document arrives intact.
      for (const doc of documentsOf(argv)) {
        // rest-xml (Route 53) carries the document as XML: every value of it must be in the body.
        if (req.body.startsWith('<')) {
          for (const leaf of leaves(doc.value))
            if (!req.body.includes(`>${leaf}<`)) problems.push(`${doc.flag}: ${leaf} not sent${where}`)
        } else if (!values.some(v => isDeepStrictEqual(v, doc.value)))
          problems.push(`${doc.flag} not sent as given${where}`)
      }
    })
    if (notes.length > 0) console.log(`fix-commands:\n  ${notes.join('\n  ')}`)
    expect(problems).toEqual([])
  })
})
