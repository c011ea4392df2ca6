/** One problem found in a policy document, located by a path such as `Statement[2].Condition.StringEquals`. */
export interface PolicyIssue {
  /** Stable code, e.g. `unknown-operator`, `invalid-json`, `missing-element`. */
  readonly code: string
  /** Path inside the document; empty for the document itself. */
  readonly path: string
  /** What is wrong, in one sentence. */
  readonly message: string
}

/**
 * A policy that is not valid. Carries every problem found (`issues`), the first of which
 * is also in `path`/`problem` and the message, e.g.
 * `resource policy: Statement[2].Condition.StringEquals: expected an object of condition keys, got a string`.
 */
export class PolicyParseError extends Error {
  override readonly name = 'PolicyParseError'
  /** Path of the first problem. */
  readonly path: string
  /** The first problem, without the path. */
  readonly problem: string
  /** Every problem found, in document order. */
  readonly issues: readonly PolicyIssue[]
  /** Which policy it was, when known (e.g. `resource policy`). */
  readonly source: string | undefined

  constructor(issues: readonly PolicyIssue[], source?: string) {
    const first = issues[0] ?? { code: 'invalid-policy', path: '', message: 'invalid policy' }
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : ''
    super(`${source ? `${source}: ` : ''}${first.path ? `${first.path}: ` : ''}${first.message}${more}`)
    this.path = first.path
    this.problem = first.message
    this.issues = issues
    this.source = source
  }
}

/** A request given to the evaluator that cannot be evaluated (e.g. SigV4 header with an anonymous principal). */
export class PolicyInputError extends Error {
  override readonly name = 'PolicyInputError'
  /** The input field at fault, e.g. `authorizationHeader`. */
  readonly field: string

  constructor(field: string, message: string) {
    super(`${field}: ${message}`)
    this.field = field
  }
}
