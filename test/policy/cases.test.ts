/**
 * Table-driven cases: every fixtures/policy/cases/*.json file is a list of cases, each
 * run by the shape it has:
 * - `condition` + `context` + `matches`: the condition inside an Allow-all identity statement
 * - `principalElement`/`notPrincipalElement` + `caller` + `matches`: a resource-policy statement
 * - `statement` + `action`/`resource` + `matches`: one identity statement (actions, resources)
 * - `policy` + `request` + `decision`: evaluatePolicy on a whole document
 * - `evaluateRequest` + `expect`: evaluateRequest; file `defaults` are merged in and
 *   strings like "$name" refer to the file's `policies`
 * - `parse` + `error` | `statements`: parsePolicy
 * - `expand` + `api` + `expect`: expandShorthandResource
 * - `lint` + `codes`: lintPolicy
 * - `buildContext` + `expect` / `absent`: buildRequestContext
 * The expected values were written from the IAM / API Gateway documentation, not by running
 * the engine.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  buildRequestContext,
  denialHints,
  evaluatePolicy,
  evaluateRequest,
  expandShorthandResource,
  lintPolicy,
  parsePolicy,
  PolicyParseError,
  type ApiCoordinates,
  type ContextInput,
  type PolicyKind,
  type RequestInput,
} from '../../src/policy/index.js'

type Json = Record<string, unknown>
interface CaseFile {
  readonly about: string
  readonly defaults?: Json
  readonly policies?: Record<string, unknown>
  readonly cases: readonly Json[]
}

const dir = new URL('../../fixtures/policy/cases/', import.meta.url)
const files = readdirSync(dir)
  .filter(f => f.endsWith('.json'))
  .sort()

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'

function allowWith(extra: Json, version = '2012-10-17'): Json {
  return { Version: version, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', ...extra }] }
}

/** Replaces "$name" strings (and arrays of them) with the file's named policies. */
function resolveRefs(value: unknown, policies: Record<string, unknown>): unknown {
  if (typeof value === 'string' && value.startsWith('$')) {
    const p = policies[value.slice(1)]
    if (p === undefined) throw new Error(`unknown policy reference ${value}`)
    return p
  }
  if (Array.isArray(value)) return value.map(v => resolveRefs(v, policies))
  return value
}

function runCase(c: Json, file: CaseFile): void {
  if ('condition' in c) {
    // Given an Allow statement holding only this condition, When evaluated with the context,
    // Then the policy allows exactly when the condition matches.
    const policy = allowWith({ Condition: c.condition }, (c.version as string | undefined) ?? '2012-10-17')
    const r = evaluatePolicy(
      policy,
      { resource: RESOURCE, context: c.context as ContextInput },
      { kind: 'identity' },
    )
    expect(r.decision).toBe(c.matches ? 'allow' : 'implicit-deny')
    expect(r.statements[0]?.conditionsMatched).toBe(c.matches)
    if (c.explain) expect(r.statements[0]?.conditions[0]).toMatchObject(c.explain as Json)
    return
  }
  if ('principalElement' in c || 'notPrincipalElement' in c) {
    const statement: Json = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }
    if ('principalElement' in c) statement.Principal = c.principalElement
    else statement.NotPrincipal = c.notPrincipalElement
    const r = evaluatePolicy(
      { Version: '2012-10-17', Statement: [statement] },
      { principal: c.caller as string, resource: RESOURCE, context: (c.context as ContextInput) ?? {} },
      { kind: 'resource' },
    )
    expect(r.statements[0]?.principalMatched).toBe(c.matches)
    expect(r.decision).toBe(c.matches ? 'allow' : 'implicit-deny')
    return
  }
  if ('statement' in c) {
    const version = (c.version as string | undefined) ?? '2012-10-17'
    const policy = { Version: version, Statement: [{ Effect: 'Allow', ...(c.statement as Json) }] }
    const r = evaluatePolicy(
      policy,
      {
        action: (c.action as string) ?? 'execute-api:Invoke',
        resource: (c.resource as string) ?? RESOURCE,
        context: (c.context as ContextInput) ?? {},
      },
      { kind: 'identity' },
    )
    expect(r.decision).toBe(c.matches ? 'allow' : 'implicit-deny')
    return
  }
  if ('policy' in c) {
    const req = c.request as Json
    const r = evaluatePolicy(
      c.policy as Json,
      {
        principal: req.principal as string,
        action: req.action as string,
        resource: (req.resource as string) ?? RESOURCE,
        context: req.context as ContextInput,
      },
      c.kind ? { kind: c.kind as PolicyKind } : {},
    )
    expect(r.decision).toBe(c.decision)
    if (c.matched) expect(r.matchedStatements.map(s => s.index)).toEqual(c.matched)
    return
  }
  if ('evaluateRequest' in c) {
    const policies = file.policies ?? {}
    const merged: Json = { ...(file.defaults ?? {}), ...(c.evaluateRequest as Json) }
    for (const k of [
      'identityPolicies',
      'resourcePolicy',
      'vpcEndpointPolicy',
      'permissionsBoundary',
      'serviceControlPolicies',
      'authorizerPolicy',
    ]) {
      if (k in merged) merged[k] = resolveRefs(merged[k], policies)
    }
    const r = evaluateRequest(merged as unknown as RequestInput)
    expect(r).toMatchObject(c.expect as Json)
    // toMatchObject cannot say "and nothing else": keys that must be absent (e.g. a predicted
    // 403 response on an allowed request) are listed explicitly.
    for (const key of (c.absent as string[] | undefined) ?? []) expect(r).not.toHaveProperty(key)
    if (c.notesInclude) expect(r.notes.join('\n')).toContain(c.notesInclude as string)
    if (c.malformedIncludes) expect((r.malformed ?? []).join('\n')).toContain(c.malformedIncludes as string)
    else expect(r.malformed).toBeUndefined()
    if (c.hint) {
      const want = c.hint as { kind: string; includes: string[] }
      const hit = denialHints(r).find(h => h.kind === want.kind)
      expect(hit, `a ${want.kind} hint`).toBeDefined()
      for (const text of want.includes) expect(hit?.message).toContain(text)
    }
    // Every denial comes with at least one hint; an allow with none.
    expect(denialHints(r).length > 0).toBe(r.decision !== 'allow')
    // The result is plain data.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
    return
  }
  if ('parse' in c) {
    const options = c.kind ? { kind: c.kind as PolicyKind } : {}
    if (c.error) {
      let caught: unknown
      try {
        parsePolicy(c.parse as string, options)
      } catch (err) {
        caught = err
      }
      expect(caught).toBeInstanceOf(PolicyParseError)
      const err = caught as PolicyParseError
      const want = c.error as { path?: string; includes?: string }
      if (want.path !== undefined) expect(err.path).toBe(want.path)
      if (want.includes) expect(err.message).toContain(want.includes)
      if (want.path) expect(err.message).toContain(want.path)
    } else {
      const p = parsePolicy(c.parse as string, options)
      if (c.statements !== undefined) expect(p.statements.length).toBe(c.statements)
      if (c.version !== undefined) expect(p.version).toBe(c.version)
      if (c.first !== undefined) expect(p.statements[0]).toMatchObject(c.first as Json)
    }
    return
  }
  if ('expand' in c) {
    expect(expandShorthandResource(c.expand as string, c.api as ApiCoordinates) ?? null).toBe(c.expect)
    return
  }
  if ('lint' in c) {
    const findings = lintPolicy(c.lint as Json, (c.options as Json) ?? {})
    const codes = findings.map(f => f.code)
    for (const code of (c.codes as string[]) ?? []) expect(codes).toContain(code)
    for (const code of (c.absent as string[]) ?? []) expect(codes).not.toContain(code)
    if (c.severity) expect(findings.find(f => f.code === (c.codes as string[])[0])?.severity).toBe(c.severity)
    if (c.path) expect(findings.find(f => f.code === (c.codes as string[])[0])?.path).toBe(c.path)
    if (c.messageIncludes)
      expect(findings.find(f => f.code === (c.codes as string[])[0])?.message).toContain(c.messageIncludes)
    return
  }
  if ('buildContext' in c) {
    const facts = { ...(c.buildContext as Json) }
    if (typeof facts.now === 'string') facts.now = new Date(facts.now)
    const ctx = buildRequestContext(facts as unknown as Parameters<typeof buildRequestContext>[0])
    expect(ctx).toMatchObject(c.expect as Json)
    for (const key of (c.absent as string[]) ?? [])
      expect(Object.keys(ctx).map(k => k.toLowerCase())).not.toContain(key.toLowerCase())
    for (const key of (c.absentExact as string[]) ?? []) expect(Object.keys(ctx)).not.toContain(key)
    return
  }
  throw new Error(`case has no known shape: ${JSON.stringify(c).slice(0, 120)}`)
}

let total = 0
for (const f of files) {
  const file = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as CaseFile
  total += file.cases.length
  describe(`${f}: ${file.about.slice(0, 80)}`, () => {
    for (const c of file.cases) {
      it(String(c.description), () => runCase(c, file))
    }
  })
}

describe('the case table', () => {
  it('holds at least 250 cases, each with a unique description per file', () => {
    expect(total).toBeGreaterThanOrEqual(250)
    for (const f of files) {
      const file = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as CaseFile
      const descriptions = file.cases.map(c => c.description)
      expect(new Set(descriptions).size, f).toBe(descriptions.length)
    }
  })
})
