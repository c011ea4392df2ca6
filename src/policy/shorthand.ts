/**
 * API Gateway's resource policy shorthand. "API Gateway converts the abbreviated syntax to
 * the full ARN when you save the policy": `execute-api:/*` means every stage, method and
 * path of *this* API, and `execute-api:/prod/GET/items` one route. Only resource policies
 * attached to a REST API get this treatment; the same text in a VPC endpoint or identity
 * policy is never expanded and matches nothing (lint reports it).
 */
import { parsePolicy, type ParseOptions } from './parse.js'
import type { ApiCoordinates, ParsedPolicy, ParsedStatement, PolicyInput } from './types.js'

/** True when `resource` uses the `execute-api:` shorthand (well-formed or not). */
export function isShorthand(resource: string): boolean {
  return resource.startsWith('execute-api:')
}

/**
 * Expands one shorthand resource to the API's ARN: `execute-api:/prod/GET/items` →
 * `arn:aws:execute-api:REGION:ACCOUNT:API_ID/prod/GET/items`. Returns `undefined` for text
 * API Gateway would not expand (the path must start with `/`), and `resource` unchanged when
 * it is not shorthand.
 */
export function expandShorthandResource(resource: string, api: ApiCoordinates): string | undefined {
  if (!isShorthand(resource)) return resource
  const rest = resource.slice('execute-api:'.length)
  if (!rest.startsWith('/')) return undefined
  return `arn:${api.partition ?? 'aws'}:execute-api:${api.region}:${api.account}:${api.apiId}${rest}`
}

function expandList(list: readonly string[] | undefined, api: ApiCoordinates): readonly string[] | undefined {
  if (!list) return undefined
  // Malformed shorthand stays as written: it matches no ARN, and lint names it.
  return list.map(r => expandShorthandResource(r, api) ?? r)
}

/**
 * Expands `execute-api:/…` shorthand in the Resource and NotResource elements of a resource
 * policy, as API Gateway does when the policy is saved on the API.
 */
export function expandApiGatewayShorthand(
  input: PolicyInput,
  api: ApiCoordinates,
  options: ParseOptions = {},
): ParsedPolicy {
  const policy = parsePolicy(input, { kind: 'resource', ...options })
  // A parsed policy passed in again and again (the doctor, the benchmark) expands once per API.
  const key = `${api.partition ?? 'aws'}:${api.region}:${api.account}:${api.apiId}`
  let perApi = expansions.get(policy)
  const hit = perApi?.get(key)
  if (hit) return hit
  const expanded = expand(policy, api)
  if (!perApi) expansions.set(policy, (perApi = new Map()))
  perApi.set(key, expanded)
  return expanded
}

const expansions = new WeakMap<ParsedPolicy, Map<string, ParsedPolicy>>()

function expand(policy: ParsedPolicy, api: ApiCoordinates): ParsedPolicy {
  if (!policy.statements.some(s => [...(s.resource ?? []), ...(s.notResource ?? [])].some(isShorthand)))
    return policy
  const statements = policy.statements.map((s): ParsedStatement => {
    const resource = expandList(s.resource, api)
    const notResource = expandList(s.notResource, api)
    return { ...s, ...(resource ? { resource } : {}), ...(notResource ? { notResource } : {}) }
  })
  return { ...policy, statements }
}
