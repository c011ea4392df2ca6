/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team}`, the escapes `${*}`,
 * `${?}`, `${$}`, and defaults `${aws:PrincipalTag/team, 'none'}`.
 *
 * IAM substitutes them only in policies with `"Version": "2012-10-17"`; under 2008-10-17
 * (or with no Version) `${aws:username}` is literal text. A substituted value is always
 * literal: a `*` inside a user name is not a wildcard, which is also why `${*}` exists.
 * A variable whose key the request does not carry, or whose key is multivalued, cannot be
 * resolved; the value holding it then matches nothing (IAM: the statement "might be invalid").
 */
import type { RequestContext } from './context.js'
import type { PolicyVersion } from './types.js'

/** A piece of a resolved value. Literal pieces must not be read as wildcards. */
export interface Piece {
  readonly text: string
  /** True for text that came from a variable or an escape: never a wildcard. */
  readonly literal: boolean
}

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'var'; readonly key: string; readonly fallback?: string }

// Stryker disable all: a module-level table, built once at load: a static mutant (README "Mutation testing"), which the vitest runner cannot run reliably; the tests pin the table instead
const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' }
// Stryker restore all

const templateCache = new Map<string, readonly Part[]>()

function parseTemplate(value: string): readonly Part[] {
  const cached = templateCache.get(value)
  // Stryker disable next-line ConditionalExpression: re-parsing a cached template gives the same parts
  if (cached) return cached
  const parts: Part[] = []
  const re = /\$\{([^}]*)\}/g
  let last = 0
  for (let m = re.exec(value); m; m = re.exec(value)) {
    if (m.index > last) parts.push({ kind: 'text', text: value.slice(last, m.index) })
    // Stryker disable next-line StringLiteral: for the type checker; the group always matches
    const inner = m[1] ?? ''
    const withDefault = /^\s*([^,]+?)\s*,\s*'([^']*)'\s*$/.exec(inner)
    // Stryker disable next-line StringLiteral: for the type checker; both groups always match
    if (withDefault) parts.push({ kind: 'var', key: withDefault[1] ?? '', fallback: withDefault[2] ?? '' })
    else parts.push({ kind: 'var', key: inner.trim() })
    last = m.index + m[0].length
  }
  if (last < value.length) parts.push({ kind: 'text', text: value.slice(last) })
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache bound; no result depends on it
  if (templateCache.size > 10_000) templateCache.clear()
  templateCache.set(value, parts)
  return parts
}

/** True when `value` would be substituted under `version`. */
export function hasVariables(value: string, version: PolicyVersion): boolean {
  return version === '2012-10-17' && value.includes('${')
}

/** The keys a value refers to (for lint and hints), without the escapes. */
export function variableKeys(value: string): string[] {
  return parseTemplate(value)
    .filter((p): p is Extract<Part, { kind: 'var' }> => p.kind === 'var' && !(p.key in ESCAPES))
    .map(p => p.key)
}

/**
 * Substitutes the variables in `value`. Returns the pieces, or `undefined` when a variable
 * cannot be resolved (absent or multivalued key without a default).
 */
export function resolveVariables(
  value: string,
  version: PolicyVersion,
  context: RequestContext,
): readonly Piece[] | undefined {
  if (!hasVariables(value, version)) return plainPieces(value)
  const out: Piece[] = []
  for (const part of parseTemplate(value)) {
    if (part.kind === 'text') {
      out.push({ text: part.text, literal: false })
      continue
    }
    const escape = ESCAPES[part.key]
    if (escape !== undefined) {
      out.push({ text: escape, literal: true })
      continue
    }
    const entry = context.get(part.key)
    // Stryker disable next-line ConditionalExpression: a single-valued entry always holds exactly one value
    if (entry && !entry.multi && entry.values.length === 1)
      // Stryker disable next-line StringLiteral: for the type checker; the one value exists
      out.push({ text: entry.values[0] ?? '', literal: true })
    else if (part.fallback !== undefined) out.push({ text: part.fallback, literal: true })
    else return undefined
  }
  return out
}

const plainCache = new Map<string, readonly Piece[]>()

/** `value` as one non-literal piece, shared between evaluations (pieces are never mutated). */
export function plainPieces(value: string): readonly Piece[] {
  let p = plainCache.get(value)
  if (!p) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache bound; no result depends on it
    if (plainCache.size > 20_000) plainCache.clear()
    p = [{ text: value, literal: false }]
    plainCache.set(value, p)
  }
  return p
}

/** The pieces joined into plain text (for equality operators, where nothing is a wildcard). */
export function piecesText(pieces: readonly Piece[]): string {
  // Stryker disable next-line ConditionalExpression,OptionalChaining,StringLiteral: a fast path; joining one piece gives its text
  return pieces.length === 1 ? (pieces[0]?.text ?? '') : pieces.map(p => p.text).join('')
}
