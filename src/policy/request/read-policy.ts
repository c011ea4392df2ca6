/** Reading one layer's policy: a document or `{name, document}`, parsed, shorthand expanded. */
import { PolicyInputError } from '../errors.js'
import { isParsedPolicy, parsePolicy } from '../parse.js'
import { expandApiGatewayShorthand, isShorthand } from '../shorthand.js'
import type { ApiCoordinates, NamedPolicy, ParsedPolicy, PolicyInput, PolicyKind } from '../types.js'

// A document given as JSON text has no `name`, and an absent policy never reaches here, so the
// first two tests only narrow the type.
const isNamed = (p: unknown): p is NamedPolicy =>
  // Stryker disable next-line ConditionalExpression,LogicalOperator: as said above
  typeof p === 'object' &&
  // Stryker disable next-line ConditionalExpression,LogicalOperator: as said above
  p !== null &&
  !isParsedPolicy(p) &&
  typeof (p as NamedPolicy).name === 'string' &&
  'document' in p &&
  !('Statement' in p)

function unwrap(p: PolicyInput | NamedPolicy): { name?: string; document: PolicyInput } {
  return isNamed(p) ? { name: p.name, document: p.document } : { document: p }
}

/** A policy as a layer holds it: its name when it was given one, and the parsed document. */
export interface ReadPolicy {
  readonly name?: string
  readonly policy: ParsedPolicy
}

/**
 * Parses one layer's policy. `source` names it in parse errors (`resource policy`,
 * `identity policy #2`, …, followed by the policy's own name). The `execute-api:/…` shorthand
 * of a resource policy is expanded with the API's coordinates.
 * @throws PolicyParseError when the policy is not valid; PolicyInputError when the shorthand
 *   is used and the API is unknown.
 */
export function readPolicy(args: {
  readonly input: PolicyInput | NamedPolicy
  readonly kind: PolicyKind
  readonly source: string
  readonly api: ApiCoordinates | undefined
}): ReadPolicy {
  const { name, document } = unwrap(args.input)
  const label = name ? `${args.source} ${name}` : args.source
  let policy = parsePolicy(document, { kind: args.kind, source: label })
  if (
    args.kind === 'resource' &&
    // Stryker disable next-line ArrayDeclaration: an extra non-shorthand value cannot make some() true
    policy.statements.some(s => [...(s.resource ?? []), ...(s.notResource ?? [])].some(isShorthand))
  ) {
    if (!args.api)
      throw new PolicyInputError(
        'api',
        'the resource policy uses the execute-api:/… shorthand, but the API region, account and id are unknown: pass `api` or an execute-api resource ARN',
      )
    policy = expandApiGatewayShorthand(policy, args.api)
  }
  return name ? { name, policy } : { policy }
}
