/** What a request is, once its input is checked: the facts every layer and table reads. */
import { apiFromArn, parseArn } from '../arn.js'
import { normalizeContext, type RequestContext } from '../context.js'
import { PolicyInputError } from '../errors.js'
import { parseCaller, type Caller } from '../principal.js'
import type { ApiCoordinates, AuthorizationHeader, AuthorizationType } from '../types.js'
import { authenticate, type Authentication } from './authenticate.js'
import type { RequestInput } from './types.js'

export interface RequestFacts {
  readonly type: AuthorizationType
  /** The signer as given (trimmed), or `anonymous`. */
  readonly principal: string
  readonly caller: Caller
  readonly header: AuthorizationHeader
  readonly action: string
  readonly resource: string
  /** The condition keys, as given (see buildRequestContext); nothing is added here. */
  readonly context: RequestContext
  readonly api: ApiCoordinates | undefined
  readonly resourceAccount: string | undefined
  readonly principalAccount: string | undefined
  readonly privateApi: boolean
  /** The caller has a permissions boundary (a layer of its own, and a rule for NotPrincipal). */
  readonly hasBoundary: boolean
  readonly auth: Authentication
}

function given<T>(v: T | null | undefined): v is T {
  return v !== undefined && v !== null
}

/**
 * Checks the request and derives its facts.
 * @throws PolicyInputError when the principal, header or resource cannot be evaluated.
 */
export function requestFacts(input: RequestInput): RequestFacts {
  const type: AuthorizationType = input.authorizationType ?? 'AWS_IAM'
  const principal = input.principal.trim()
  const caller = parseCaller(principal)
  if (caller.kind === 'other' && !principal.startsWith('arn:')) {
    throw new PolicyInputError(
      'principal',
      `"${input.principal}" is not a principal: expected an IAM or STS ARN, an account id, a service principal or "anonymous"`,
    )
  }
  const header: AuthorizationHeader =
    input.authorizationHeader ?? (caller.kind === 'anonymous' ? 'none' : 'sigv4')
  if (header === 'sigv4' && caller.kind === 'anonymous') {
    throw new PolicyInputError(
      'authorizationHeader',
      'a valid SigV4 header needs a signing principal, but the principal is anonymous',
    )
  }
  const action = input.action ?? 'execute-api:Invoke'
  const resource = input.resource
  if (typeof resource !== 'string' || resource === '')
    throw new PolicyInputError('resource', 'the resource ARN is required')
  const context = normalizeContext(input.context)
  const api = input.api ?? apiFromArn(resource)
  return {
    type,
    principal,
    caller,
    header,
    action,
    resource,
    context,
    api,
    resourceAccount: input.resourceAccount ?? parseArn(resource)?.account ?? api?.account,
    principalAccount:
      input.principalAccount ?? caller.account ?? context.get('aws:PrincipalAccount')?.values[0],
    privateApi: input.privateApi ?? true,
    hasBoundary: given(input.permissionsBoundary),
    auth: authenticate({
      type,
      header,
      caller,
      principal,
      customEndpointPolicy: given(input.vpcEndpointPolicy),
    }),
  }
}
