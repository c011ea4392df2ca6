/**
 * Malformed ARNs in a statement: in `Principal`/`NotPrincipal` (`AWS` values), in
 * `Resource`/`NotResource`, and in the values of the ARN condition operators. AWS refuses a
 * policy holding one when it is set, so evaluation and lint report them as defects ("AWS
 * would not have accepted this policy") rather than as a principal that "does not match".
 */
import { principalValueDefects, resourceValueDefects } from './arn.js'
import type { ParsedStatement } from './types.js'

/** One malformed value: the element it sits in (e.g. `Principal`, `Condition.ArnLike.aws:SourceArn`) and the defect. */
export interface StatementDefect {
  readonly element: string
  readonly message: string
}

// A function rather than a module-level Set, so mutation testing can exercise it (issue 18).
function isArnOperator(base: string): boolean {
  return base === 'ArnEquals' || base === 'ArnLike' || base === 'ArnNotEquals' || base === 'ArnNotLike'
}
// Statements are immutable plain data evaluated many times, and documents parsed on every
// call repeat the same values: remember the answer per statement and per value.
const cache = new WeakMap<ParsedStatement, readonly StatementDefect[]>()
const principalCache = new Map<string, readonly string[]>()
const resourceCache = new Map<string, readonly string[]>()

function memo(
  map: Map<string, readonly string[]>,
  value: string,
  find: (v: string) => string[],
): readonly string[] {
  let d = map.get(value)
  // Stryker disable next-line ConditionalExpression: recomputing a cached answer gives the same answer
  if (d === undefined) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache bound; no result depends on it
    if (map.size > 10_000) map.clear()
    d = find(value)
    map.set(value, d)
  }
  return d
}

/** The malformed ARNs of one statement, in element order; empty when there are none. */
export function statementDefects(s: ParsedStatement): readonly StatementDefect[] {
  const hit = cache.get(s)
  if (hit) return hit
  let out: StatementDefect[] | undefined
  const add = (element: string, messages: readonly string[]): void => {
    for (const message of messages) (out ??= []).push({ element, message })
  }
  for (const v of s.principal?.AWS ?? []) add('Principal', memo(principalCache, v, principalValueDefects))
  for (const v of s.notPrincipal?.AWS ?? [])
    add('NotPrincipal', memo(principalCache, v, principalValueDefects))
  for (const v of s.resource ?? []) add('Resource', memo(resourceCache, v, resourceValueDefects))
  for (const v of s.notResource ?? []) add('NotResource', memo(resourceCache, v, resourceValueDefects))
  for (const c of s.conditions)
    if (isArnOperator(c.base))
      for (const v of c.values)
        add(`Condition.${c.operator}.${c.key}`, memo(resourceCache, v, resourceValueDefects))
  const result: readonly StatementDefect[] = out ?? []
  cache.set(s, result)
  return result
}
