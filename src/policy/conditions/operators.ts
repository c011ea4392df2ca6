/**
 * The condition operator table: each base operator's family, whether it is negated, and
 * whether its values may hold `${…}` policy variables.
 *
 * Negated operators (`StringNotEquals`, `NotIpAddress`, …) are evaluated as the complement of
 * their positive twin, which gives IAM's documented behaviour for free: with several policy
 * values the request value must match none of them, and on a key the request does not carry
 * the condition is *true* (so `Deny` + `StringNotEquals aws:SourceVpce` denies a request
 * that has no `aws:SourceVpce` at all).
 */
import type { BaseOperator, SetOperator } from '../types.js'

/** How an operator compares values. */
export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'arn' | 'null'

/** What the evaluator needs to know about a base operator. */
export interface OperatorSpec {
  readonly name: BaseOperator
  readonly family: OperatorFamily
  /** For a negated operator, the positive operator it complements. */
  readonly positive: BaseOperator
  readonly negated: boolean
  /**
   * IAM substitutes policy variables "in the Resource element and in string comparisons in
   * the Condition element": the String and Arn operators. Elsewhere `${…}` is literal text.
   */
  readonly variables: boolean
}

// Stryker disable all: a module-level table, built once at load: a static mutant (README "Mutation testing"), which the vitest runner cannot run reliably; the tests pin the table instead
const spec = (name: BaseOperator, family: OperatorFamily, positive: BaseOperator = name): OperatorSpec => ({
  name,
  family,
  positive,
  negated: positive !== name,
  variables: family === 'string' || family === 'arn',
})

/** Every base operator IAM defines. */
export const OPERATORS: Readonly<Record<BaseOperator, OperatorSpec>> = {
  StringEquals: spec('StringEquals', 'string'),
  StringNotEquals: spec('StringNotEquals', 'string', 'StringEquals'),
  StringEqualsIgnoreCase: spec('StringEqualsIgnoreCase', 'string'),
  StringNotEqualsIgnoreCase: spec('StringNotEqualsIgnoreCase', 'string', 'StringEqualsIgnoreCase'),
  StringLike: spec('StringLike', 'string'),
  StringNotLike: spec('StringNotLike', 'string', 'StringLike'),
  NumericEquals: spec('NumericEquals', 'numeric'),
  NumericNotEquals: spec('NumericNotEquals', 'numeric', 'NumericEquals'),
  NumericLessThan: spec('NumericLessThan', 'numeric'),
  NumericLessThanEquals: spec('NumericLessThanEquals', 'numeric'),
  NumericGreaterThan: spec('NumericGreaterThan', 'numeric'),
  NumericGreaterThanEquals: spec('NumericGreaterThanEquals', 'numeric'),
  DateEquals: spec('DateEquals', 'date'),
  DateNotEquals: spec('DateNotEquals', 'date', 'DateEquals'),
  DateLessThan: spec('DateLessThan', 'date'),
  DateLessThanEquals: spec('DateLessThanEquals', 'date'),
  DateGreaterThan: spec('DateGreaterThan', 'date'),
  DateGreaterThanEquals: spec('DateGreaterThanEquals', 'date'),
  Bool: spec('Bool', 'bool'),
  BinaryEquals: spec('BinaryEquals', 'binary'),
  IpAddress: spec('IpAddress', 'ip'),
  NotIpAddress: spec('NotIpAddress', 'ip', 'IpAddress'),
  ArnEquals: spec('ArnEquals', 'arn'),
  ArnLike: spec('ArnLike', 'arn'),
  ArnNotEquals: spec('ArnNotEquals', 'arn', 'ArnEquals'),
  ArnNotLike: spec('ArnNotLike', 'arn', 'ArnLike'),
  Null: spec('Null', 'null'),
}

const BY_LOWER = new Map<string, BaseOperator>(
  Object.keys(OPERATORS).map(k => [k.toLowerCase(), k as BaseOperator]),
)
const SETS = new Map<string, SetOperator>([
  ['foranyvalue', 'ForAnyValue'],
  ['forallvalues', 'ForAllValues'],
])
// Stryker restore all

/** An operator name split into its parts, or the reason it is not one. */
export type OperatorParse =
  | { readonly ok: true; readonly base: BaseOperator; readonly set?: SetOperator; readonly ifExists: boolean }
  | { readonly ok: false; readonly code: string; readonly message: string }

/**
 * Splits `ForAnyValue:StringLikeIfExists` into set prefix, base operator and the IfExists
 * suffix. Names are matched without regard to case, because a policy AWS accepted must not
 * fail here over casing; lint reports non-canonical spelling.
 */
export function parseOperatorName(name: string): OperatorParse {
  let rest = name
  let set: SetOperator | undefined
  const colon = rest.indexOf(':')
  if (colon >= 0) {
    const prefix = SETS.get(rest.slice(0, colon).toLowerCase())
    if (!prefix) {
      return {
        ok: false,
        code: 'unknown-operator',
        message: `unknown set operator "${rest.slice(0, colon)}" (expected ForAnyValue or ForAllValues)`,
      }
    }
    set = prefix
    rest = rest.slice(colon + 1)
  }
  let ifExists = false
  let base = BY_LOWER.get(rest.toLowerCase())
  // No base operator's name ends in "IfExists" (or in a prefix of it), so a found base never
  // needs this, and the end anchor only saves a lookup.
  // Stryker disable next-line Regex,LogicalOperator: as said above
  if (!base && /ifexists$/i.test(rest)) {
    base = BY_LOWER.get(rest.slice(0, -'IfExists'.length).toLowerCase())
    ifExists = true
  }
  if (!base) return { ok: false, code: 'unknown-operator', message: `unknown condition operator "${name}"` }
  if (base === 'Null' && ifExists) {
    return {
      ok: false,
      code: 'invalid-operator',
      message: 'Null cannot take IfExists: Null already tests whether the key exists',
    }
  }
  if (base === 'Null' && set) {
    return {
      ok: false,
      code: 'invalid-operator',
      message: `Null cannot take ${set}: Null tests whether the key exists, not its values`,
    }
  }
  return set ? { ok: true, base, set, ifExists } : { ok: true, base, ifExists }
}

/** The canonical spelling of an operator, e.g. `ForAnyValue:StringLikeIfExists`. */
export function canonicalOperatorName(
  base: BaseOperator,
  set: SetOperator | undefined,
  ifExists: boolean,
): string {
  return `${set ? `${set}:` : ''}${base}${ifExists ? 'IfExists' : ''}`
}
