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

const ARN_OPERATORS = new Set(['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'])
// Statements are immutable plain data evaluated many times: find their defects once.
const cache = new WeakMap<ParsedStatement, readonly StatementDefect[]>()

/** The malformed ARNs of one statement, in element order; empty when there are none. */
export function statementDefects(s: ParsedStatement): readonly StatementDefect[] {
  const hit = cache.get(s)
  if (hit) return hit
  const out: StatementDefect[] = []
  const add = (element: string, messages: readonly string[]): void => {
    for (const message of messages) out.push({ element, message })
  }
  for (const v of s.principal?.AWS ?? []) add('Principal', principalValueDefects(v))
  for (const v of s.notPrincipal?.AWS ?? []) add('NotPrincipal', principalValueDefects(v))
  for (const v of s.resource ?? []) add('Resource', resourceValueDefects(v))
  for (const v of s.notResource ?? []) add('NotResource', resourceValueDefects(v))
  for (const c of s.conditions)
    if (ARN_OPERATORS.has(c.base))
      for (const v of c.values) add(`Condition.${c.operator}.${c.key}`, resourceValueDefects(v))
  cache.set(s, out)
  return out
}
