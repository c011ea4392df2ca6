/**
 * The policy grammar: validates a document and normalizes it into a ParsedPolicy.
 *
 * Nothing is silently ignored: an unknown element, an unknown operator, a value of the
 * wrong type or a duplicate JSON key is an issue with a path such as
 * `Statement[2].Condition.StringEquals`. parsePolicy throws on the first issue (the error
 * lists all of them); analysePolicy returns them all, for lint.
 */
import { isBase64, parseDateValue, parseNumericValue } from './conditions/compare.js'
import { parseIpBlock } from './conditions/ip.js'
import { OPERATORS, parseOperatorName } from './conditions/operators.js'
import { PolicyParseError, type PolicyIssue } from './errors.js'
import { decodePolicyText } from './json-text.js'
import type {
  ParsedCondition,
  ParsedPolicy,
  ParsedPrincipal,
  ParsedStatement,
  PolicyInput,
  PolicyKind,
  PolicyVersion,
} from './types.js'

/** Options for parsePolicy / analysePolicy. */
export interface ParseOptions {
  /**
   * The kind of policy, which decides whether `Principal` is required (resource and VPC
   * endpoint policies) or forbidden (identity policies, boundaries, SCPs, authorizer policies).
   * When omitted, either is accepted.
   */
  readonly kind?: PolicyKind
  /** A label for error messages, e.g. `resource policy`. */
  readonly source?: string
}

/** Everything found in a document: the valid statements and every issue. */
export interface PolicyAnalysis {
  /** Undefined when the document as a whole is unusable (not JSON, not an object). */
  readonly policy: ParsedPolicy | undefined
  readonly issues: readonly PolicyIssue[]
  /** The JSON value that was read (for lint checks on the raw document). */
  readonly document: unknown
}

const TOP_LEVEL = ['Version', 'Id', 'Statement']
const STATEMENT_KEYS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]
const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const
const VERSIONS: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17']
const IDENTITY_KINDS: readonly PolicyKind[] = ['identity', 'boundary', 'scp', 'authorizer']

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`
const join = (path: string, key: string): string => (path ? `${path}.${key}` : key)

/** True for a ParsedPolicy (already validated). */
export function isParsedPolicy(input: unknown): input is ParsedPolicy {
  return isObject(input) && input.type === 'pvapi.parsed-policy' && Array.isArray(input.statements)
}

class Collector {
  readonly issues: PolicyIssue[] = []
  add(code: string, path: string, message: string): void {
    this.issues.push({ code, path, message })
  }
  /** Reports keys not in `allowed`, suggesting the right casing when that is the mistake. */
  unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string, what: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue
      const near = allowed.find(a => a.toLowerCase() === key.toLowerCase())
      this.add(
        'unknown-element',
        join(path, key),
        near
          ? `element names are case-sensitive: write "${near}", not "${key}"`
          : `unknown element "${key}" (${what} may contain ${allowed.join(', ')})`,
      )
    }
  }
}

/** A string or a non-empty array of strings. */
function stringList(value: unknown, path: string, c: Collector, what: string): string[] | undefined {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) {
    if (value.length === 0) {
      c.add('empty-element', path, `${what} is an empty array, so the statement can never match`)
      return undefined
    }
    let ok = true
    value.forEach((v, i) => {
      if (typeof v !== 'string') {
        c.add('invalid-value', `${path}[${i}]`, `expected a string, got ${describe(v)}`)
        ok = false
      }
    })
    return ok ? (value as string[]) : undefined
  }
  c.add('invalid-value', path, `expected a string or an array of strings, got ${describe(value)}`)
  return undefined
}

function parseActions(value: unknown, path: string, c: Collector): string[] | undefined {
  const list = stringList(value, path, c, 'the action list')
  if (!list) return undefined
  const before = c.issues.length
  list.forEach((a, i) => {
    if (a === '*') return
    const at = Array.isArray(value) ? `${path}[${i}]` : path
    if (!/^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]*$/.test(a) || a.endsWith(':')) {
      c.add(
        'invalid-action',
        at,
        `"${a}" is not an action: expected "service:Action" (e.g. "execute-api:Invoke") or "*"`,
      )
    }
  })
  return c.issues.length === before ? list : undefined
}

function parseResources(value: unknown, path: string, c: Collector): string[] | undefined {
  const list = stringList(value, path, c, 'the resource list')
  if (!list) return undefined
  const before = c.issues.length
  list.forEach((r, i) => {
    const at = Array.isArray(value) ? `${path}[${i}]` : path
    // execute-api:/… is API Gateway's shorthand, expanded when the policy is attached.
    if (r === '*' || r.startsWith('arn:') || r.startsWith('execute-api:')) return
    c.add(
      'invalid-resource',
      at,
      `"${r}" is not a resource: expected an ARN, "*" or API Gateway's "execute-api:/…" shorthand`,
    )
  })
  return c.issues.length === before ? list : undefined
}

function parsePrincipal(value: unknown, path: string, c: Collector): ParsedPrincipal | undefined {
  const empty = { wildcard: false, AWS: [], Service: [], Federated: [], CanonicalUser: [] }
  if (value === '*') return { ...empty, wildcard: true }
  if (typeof value === 'string') {
    c.add(
      'invalid-principal',
      path,
      `"${value}" is not a principal: use "*" or an object such as {"AWS": "${value}"}`,
    )
    return undefined
  }
  if (!isObject(value)) {
    c.add(
      'invalid-principal',
      path,
      `expected "*" or an object such as {"AWS": [...]}, got ${describe(value)}`,
    )
    return undefined
  }
  const before = c.issues.length
  c.unknownKeys(value, PRINCIPAL_KEYS, path, 'a principal')
  const out: Record<(typeof PRINCIPAL_KEYS)[number], string[]> = {
    AWS: [],
    Service: [],
    Federated: [],
    CanonicalUser: [],
  }
  for (const key of PRINCIPAL_KEYS) {
    if (!(key in value)) continue
    const list = stringList(value[key], `${path}.${key}`, c, `the ${key} principal list`)
    if (!list) continue
    if (key === 'AWS') {
      list.forEach((p, i) => {
        const ok =
          p === '*' || /^\d{12}$/.test(p) || p.startsWith('arn:') || /^A[A-Z]{3}[A-Z0-9]{12,}$/.test(p)
        if (!ok) {
          const at = Array.isArray(value[key]) ? `${path}.AWS[${i}]` : `${path}.AWS`
          c.add(
            'invalid-principal',
            at,
            `"${p}" is not an AWS principal: expected "*", a 12-digit account id, or an IAM/STS ARN`,
          )
        }
      })
    }
    out[key] = list
  }
  if (Object.keys(value).length === 0)
    c.add('invalid-principal', path, 'the principal object is empty, so it names nobody')
  return c.issues.length === before ? { ...out, wildcard: false } : undefined
}

function conditionValues(raw: unknown, path: string, c: Collector): string[] | undefined {
  const scalar = (v: unknown): v is string | number | boolean =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
  if (scalar(raw)) return [String(raw)]
  if (Array.isArray(raw)) {
    if (raw.length === 0) {
      c.add('empty-element', path, 'no values: a condition with an empty value list cannot be evaluated')
      return undefined
    }
    const bad = raw.findIndex(v => !scalar(v))
    if (bad >= 0) {
      c.add(
        'invalid-value',
        `${path}[${bad}]`,
        `expected a string, number or boolean, got ${describe(raw[bad])}`,
      )
      return undefined
    }
    return raw.map(v => String(v))
  }
  c.add('invalid-value', path, `expected a value or an array of values, got ${describe(raw)}`)
  return undefined
}

/** Checks each policy value against what its operator family can compare. */
function checkValues(
  base: ParsedCondition['base'],
  values: readonly string[],
  path: string,
  arrayForm: boolean,
  c: Collector,
): void {
  const family = OPERATORS[base].family
  values.forEach((v, i) => {
    const at = arrayForm ? `${path}[${i}]` : path
    const bad = (what: string): void =>
      c.add('invalid-value', at, `"${v}" is not ${what}, which ${base} compares`)
    if (family === 'numeric' && Number.isNaN(parseNumericValue(v))) bad('a number')
    else if (family === 'date' && Number.isNaN(parseDateValue(v))) bad('a date (ISO 8601 or epoch seconds)')
    else if ((family === 'bool' || family === 'null') && !/^(true|false)$/i.test(v)) bad('true or false')
    else if (family === 'ip' && !parseIpBlock(v)) bad('an IPv4 or IPv6 address or CIDR block')
    else if (family === 'binary' && !isBase64(v)) bad('base64')
  })
}

function parseConditions(value: unknown, path: string, c: Collector): ParsedCondition[] | undefined {
  if (!isObject(value)) {
    c.add('invalid-condition', path, `expected an object of condition operators, got ${describe(value)}`)
    return undefined
  }
  const before = c.issues.length
  const out: ParsedCondition[] = []
  for (const [operator, block] of Object.entries(value)) {
    const opPath = `${path}.${operator}`
    const op = parseOperatorName(operator)
    if (!op.ok) {
      c.add(op.code, opPath, op.message)
      continue
    }
    if (!isObject(block)) {
      c.add(
        'invalid-condition',
        opPath,
        `expected an object of condition keys to values, got ${describe(block)}`,
      )
      continue
    }
    if (Object.keys(block).length === 0)
      c.add(
        'empty-element',
        opPath,
        'no condition keys: an empty operator block tests nothing; add the key or remove the block',
      )
    for (const [key, raw] of Object.entries(block)) {
      const keyPath = `${opPath}.${key}`
      if (key.trim() === '') {
        c.add('invalid-condition', keyPath, 'empty condition key name')
        continue
      }
      const values = conditionValues(raw, keyPath, c)
      if (!values) continue
      checkValues(op.base, values, keyPath, Array.isArray(raw), c)
      out.push({
        operator,
        base: op.base,
        ...(op.set ? { set: op.set } : {}),
        ifExists: op.ifExists,
        key,
        values,
      })
    }
  }
  return c.issues.length === before ? out : undefined
}

function parseStatement(
  raw: unknown,
  index: number,
  path: string,
  kind: PolicyKind | undefined,
  c: Collector,
): ParsedStatement | undefined {
  if (!isObject(raw)) {
    c.add('invalid-statement', path, `expected a statement object, got ${describe(raw)}`)
    return undefined
  }
  const before = c.issues.length
  c.unknownKeys(raw, STATEMENT_KEYS, path, 'a statement')
  const has = (k: string): boolean => Object.hasOwn(raw, k)

  let sid: string | undefined
  if (has('Sid')) {
    if (typeof raw.Sid === 'string') sid = raw.Sid
    else c.add('invalid-value', `${path}.Sid`, `expected a string, got ${describe(raw.Sid)}`)
  }

  let effect: 'Allow' | 'Deny' | undefined
  if (!has('Effect')) c.add('missing-element', `${path}.Effect`, 'Effect is required ("Allow" or "Deny")')
  else if (raw.Effect === 'Allow' || raw.Effect === 'Deny') effect = raw.Effect
  else if (typeof raw.Effect === 'string' && /^(allow|deny)$/i.test(raw.Effect)) {
    c.add(
      'invalid-value',
      `${path}.Effect`,
      `Effect is case-sensitive: write "${raw.Effect[0]?.toUpperCase()}${raw.Effect.slice(1).toLowerCase()}"`,
    )
  } else
    c.add(
      'invalid-value',
      `${path}.Effect`,
      `Effect must be "Allow" or "Deny", got ${JSON.stringify(raw.Effect)}`,
    )

  const pair = (a: string, b: string): void => {
    if (has(a) && has(b)) c.add('conflicting-elements', path, `a statement cannot have both ${a} and ${b}`)
  }
  pair('Principal', 'NotPrincipal')
  pair('Action', 'NotAction')
  pair('Resource', 'NotResource')

  const hasPrincipal = has('Principal') || has('NotPrincipal')
  if (kind && IDENTITY_KINDS.includes(kind) && hasPrincipal) {
    c.add(
      'unexpected-element',
      `${path}.${has('Principal') ? 'Principal' : 'NotPrincipal'}`,
      `a ${kindLabel(kind)} cannot have a Principal: it applies to the identity it is attached to`,
    )
  }
  if ((kind === 'resource' || kind === 'endpoint') && !hasPrincipal) {
    c.add(
      'missing-element',
      `${path}.Principal`,
      `a ${kindLabel(kind)} statement must have a Principal (or NotPrincipal)`,
    )
  }
  if (!has('Action') && !has('NotAction'))
    c.add('missing-element', `${path}.Action`, 'Action (or NotAction) is required')
  if (!has('Resource') && !has('NotResource') && kind !== 'scp') {
    c.add('missing-element', `${path}.Resource`, 'Resource (or NotResource) is required')
  }

  const principal = has('Principal') ? parsePrincipal(raw.Principal, `${path}.Principal`, c) : undefined
  const notPrincipal = has('NotPrincipal')
    ? parsePrincipal(raw.NotPrincipal, `${path}.NotPrincipal`, c)
    : undefined
  const action = has('Action') ? parseActions(raw.Action, `${path}.Action`, c) : undefined
  const notAction = has('NotAction') ? parseActions(raw.NotAction, `${path}.NotAction`, c) : undefined
  const resource = has('Resource') ? parseResources(raw.Resource, `${path}.Resource`, c) : undefined
  const notResource = has('NotResource')
    ? parseResources(raw.NotResource, `${path}.NotResource`, c)
    : undefined
  const conditions = has('Condition') ? parseConditions(raw.Condition, `${path}.Condition`, c) : []

  if (c.issues.length !== before || !effect || !conditions) return undefined
  return {
    index,
    ...(sid !== undefined ? { sid } : {}),
    effect,
    ...(principal ? { principal } : {}),
    ...(notPrincipal ? { notPrincipal } : {}),
    ...(action ? { action } : {}),
    ...(notAction ? { notAction } : {}),
    // An SCP statement without Resource covers every resource.
    ...(resource ? { resource } : !notResource && kind === 'scp' ? { resource: ['*'] } : {}),
    ...(notResource ? { notResource } : {}),
    conditions,
  }
}

function kindLabel(kind: PolicyKind): string {
  return {
    identity: 'identity policy',
    resource: 'resource policy',
    endpoint: 'VPC endpoint policy',
    boundary: 'permissions boundary',
    scp: 'service control policy',
    authorizer: 'Lambda authorizer policy',
  }[kind]
}

/**
 * Reads a policy in any accepted form and reports every problem, keeping the statements that
 * are valid. Used by lint; evaluation uses parsePolicy, which refuses invalid policies.
 */
export function analysePolicy(input: PolicyInput, options: ParseOptions = {}): PolicyAnalysis {
  if (isParsedPolicy(input)) return { policy: input, issues: [], document: input }
  const c = new Collector()
  let doc: unknown = input
  if (typeof input === 'string') {
    const decoded = decodePolicyText(input)
    c.issues.push(...decoded.issues)
    doc = decoded.value
    if (doc === undefined) return { policy: undefined, issues: c.issues, document: undefined }
  }
  if (!isObject(doc)) {
    c.add('invalid-policy', '', `expected a policy object with Version and Statement, got ${describe(doc)}`)
    return { policy: undefined, issues: c.issues, document: doc }
  }
  c.unknownKeys(doc, TOP_LEVEL, '', 'a policy')
  let version: PolicyVersion = '2008-10-17'
  const versionGiven = 'Version' in doc
  if (versionGiven) {
    if (VERSIONS.includes(doc.Version as PolicyVersion)) version = doc.Version as PolicyVersion
    else
      c.add(
        'invalid-value',
        'Version',
        `Version must be "2012-10-17" or "2008-10-17", got ${JSON.stringify(doc.Version)}`,
      )
  }
  let id: string | undefined
  if ('Id' in doc) {
    if (typeof doc.Id === 'string') id = doc.Id
    else c.add('invalid-value', 'Id', `expected a string, got ${describe(doc.Id)}`)
  }
  const statements: ParsedStatement[] = []
  if (!('Statement' in doc)) c.add('missing-element', 'Statement', 'Statement is required')
  else if (Array.isArray(doc.Statement)) {
    doc.Statement.forEach((s, i) => {
      const parsed = parseStatement(s, i, `Statement[${i}]`, options.kind, c)
      if (parsed) statements.push(parsed)
    })
  } else if (isObject(doc.Statement)) {
    const parsed = parseStatement(doc.Statement, 0, 'Statement', options.kind, c)
    if (parsed) statements.push(parsed)
  } else
    c.add(
      'invalid-value',
      'Statement',
      `expected a statement object or an array of statements, got ${describe(doc.Statement)}`,
    )

  const policy: ParsedPolicy = {
    type: 'pvapi.parsed-policy',
    version,
    versionGiven,
    ...(id !== undefined ? { id } : {}),
    statements,
  }
  return { policy, issues: c.issues, document: doc }
}

/**
 * Parses and validates a policy: a document object, JSON text, the backslash-escaped string
 * API Gateway returns in `GetRestApi.policy`, or a VPC endpoint `PolicyDocument` string.
 * A ParsedPolicy is returned as is.
 * @throws PolicyParseError naming the path of each problem, e.g. `Statement[2].Condition.StringEquals`.
 */
export function parsePolicy(input: PolicyInput, options: ParseOptions = {}): ParsedPolicy {
  const { policy, issues } = analysePolicy(input, options)
  if (issues.length > 0 || !policy) throw new PolicyParseError(issues, options.source)
  return policy
}
