/**
 * Evaluates one condition key test against the request context, with an explanation.
 *
 * IAM semantics, in the order they are applied:
 * - `Null`: `true` matches when the key is absent, `false` when it is present.
 * - Absent key (or an empty multivalued key): `…IfExists` → true; `ForAllValues:` → true
 *   (vacuously, every one of no values matches); `ForAnyValue:` → false; negated operators
 *   → true; all other operators → false.
 * - Several policy values are ORed. Several keys and several operators are ANDed (by the caller).
 * - `ForAnyValue:` → at least one request value matches; `ForAllValues:` → every request value
 *   matches. With a negated operator "matches" is per value: the value equals none of the
 *   policy values.
 * - A multivalued key tested without a set operator behaves as `ForAnyValue:` for positive
 *   operators, and as the complement of that for negated ones.
 */
import type { RequestContext } from '../context.js'
import type { ConditionExplanation, ParsedCondition, PolicyVersion } from '../types.js'
import { piecesText, plainPieces, resolveVariables, variableKeys, type Piece } from '../variables.js'
import { comparePositive } from './compare.js'
import { OPERATORS } from './operators.js'

/** Evaluates `condition` against `context` under the policy's `version`. */
export function evaluateCondition(
  condition: ParsedCondition,
  version: PolicyVersion,
  context: RequestContext,
): ConditionExplanation {
  const spec = OPERATORS[condition.base]
  const entry = context.get(condition.key)
  const actual = entry ? entry.values : null
  const base = { operator: condition.operator, key: condition.key, expected: condition.values, actual }
  const present = entry !== undefined && entry.values.length > 0

  if (spec.family === 'null') {
    const matched = condition.values.some(v => (v.toLowerCase() === 'true' ? !present : present))
    return { ...base, matched, reason: present ? 'the key is present' : 'the key is absent' }
  }

  // Resolve policy variables (String and Arn operators only; literal elsewhere).
  const resolved: (readonly Piece[])[] = []
  const unresolved: string[] = []
  let changed = false
  for (const value of condition.values) {
    const pieces = spec.variables ? resolveVariables(value, version, context) : plainPieces(value)
    if (!pieces) {
      unresolved.push(...variableKeys(value))
      continue
    }
    // Stryker disable next-line OptionalChaining: resolved pieces are never empty (a value without variables is one piece)
    if (pieces.length !== 1 || pieces[0]?.literal) changed = true
    resolved.push(pieces)
  }
  const withResolved =
    changed || unresolved.length > 0 ? { ...base, resolved: resolved.map(piecesText) } : base

  if (!present) {
    const how = entry ? 'the key is present with no values' : 'the key is absent'
    if (condition.ifExists)
      return { ...withResolved, matched: true, reason: `${how}: …IfExists treats a missing key as a match` }
    if (condition.set === 'ForAllValues')
      return {
        ...withResolved,
        matched: true,
        reason: `${how}: ForAllValues is true for an empty set of values`,
      }
    if (condition.set === 'ForAnyValue')
      return { ...withResolved, matched: false, reason: `${how}: ForAnyValue needs at least one value` }
    if (spec.negated)
      return { ...withResolved, matched: true, reason: `${how}: a negated operator matches a missing key` }
    return { ...withResolved, matched: false, reason: how }
  }

  if (resolved.length === 0) {
    return {
      ...withResolved,
      matched: false,
      reason: `policy variable ${unresolved.map(k => `\${${k}}`).join(', ')} has no single value in the request, so the condition cannot match`,
    }
  }

  const positive = (requestValue: string): boolean =>
    resolved.some(pv => comparePositive(spec.positive, requestValue, pv))
  const perValue = (requestValue: string): boolean =>
    spec.negated ? !positive(requestValue) : positive(requestValue)
  const values = entry.values
  let matched: boolean
  let reason: string | undefined
  if (condition.set === 'ForAllValues') matched = values.every(perValue)
  else if (condition.set === 'ForAnyValue') matched = values.some(perValue)
  else {
    matched = spec.negated ? !values.some(positive) : values.some(positive)
    if (entry.multi && values.length > 1)
      reason = 'multivalued key without ForAnyValue/ForAllValues: compared as ForAnyValue'
  }
  if (unresolved.length > 0) {
    const note = `unresolved policy variable ${unresolved.map(k => `\${${k}}`).join(', ')} ignored`
    reason = reason ? `${reason}; ${note}` : note
  }
  return reason ? { ...withResolved, matched, reason } : { ...withResolved, matched }
}
