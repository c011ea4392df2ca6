/**
 * Area "api": the API owner's side (account B). The REST API, its stages and the deployment the
 * target stage runs, resources with their methods, authorizers, usage plans, CloudTrail's last
 * resource policy change, and the Lambda integration's resource policy. Every read waits only
 * for the API id (or, for the deployment and the integration, the stage list or resources).
 * Builds `snapshot.api`.
 */
import { matchResource } from '../../core/route-match.js'
import {
  notCollected,
  ok,
  valueOf,
  type ApiSideFacts,
  type AuthorizerFacts,
  type Collected,
  type DeploymentFacts,
  type LambdaPermissionFacts,
  type PolicyChangeFacts,
  type ResourceFacts,
  type RestApiFacts,
  type StageFacts,
  type TargetFacts,
  type UsagePlanFacts,
} from '../../doctor/snapshot.js'
import { allNamed, type CollectContext } from './context.js'
import type { DomainReads } from './domain.js'
import { identityOf, type IdentityReads } from './identity.js'
import type { TargetReads } from './target.js'

/** How far back CloudTrail is searched for policy changes (its event history keeps 90 days). */
const LOOKBACK_DAYS = 90

export interface ApiReads {
  readonly restApi: Promise<Collected<RestApiFacts>>
  readonly stages: Promise<Collected<readonly StageFacts[]>>
  readonly deployment: Promise<Collected<DeploymentFacts>>
  readonly resources: Promise<Collected<readonly ResourceFacts[]>>
  readonly authorizers: Promise<Collected<readonly AuthorizerFacts[]>>
  readonly usagePlans: Promise<Collected<readonly UsagePlanFacts[]>>
  readonly policyChanges: Promise<Collected<PolicyChangeFacts>>
  readonly integrationPermission: Promise<Collected<LambdaPermissionFacts>>
}

export function startApi(
  ctx: CollectContext,
  { target, apiId }: Pick<TargetReads, 'target' | 'apiId'>,
): ApiReads {
  const { req, ports, get } = ctx
  const apiRead = <T>(what: string, read: (id: string) => Promise<T | undefined>): Promise<Collected<T>> =>
    apiId.then(id =>
      id
        ? get(`apigateway:GET (${what.replace('{id}', id)})`, () => read(id))
        : notCollected('the API id is unknown (no base path mapping matched)', '--api-id'),
    )
  const stages = apiRead('/restapis/{id}/stages', id => ports.apigw.stages(id))
  const resources = apiRead('/restapis/{id}/resources', id => ports.apigw.resources(id))
  const since = new Date(req.now.getTime() - LOOKBACK_DAYS * 86_400_000)
  const deployment = Promise.all([stages, target]).then(([st, t]) => {
    const stage = valueOf(st)?.find(x => x.stageName === t.stage)
    if (!stage)
      return notCollected(
        st.status === 'ok' ? `stage ${t.stage ?? '?'} does not exist` : 'the stages could not be read',
      )
    if (!stage.deploymentId) return notCollected(`stage ${stage.stageName} has no deployment`)
    return get(`apigateway:GET (/restapis/${t.apiId}/deployments/${stage.deploymentId})`, () =>
      ports.apigw.deployment(t.apiId!, stage.deploymentId!),
    )
  })
  return {
    restApi: apiRead('/restapis/{id}', id => ports.apigw.restApi(id)),
    stages,
    deployment,
    resources,
    authorizers: apiRead('/restapis/{id}/authorizers', id => ports.apigw.authorizers(id)),
    usagePlans: apiRead('/usageplans', () => ports.apigw.usagePlans()),
    policyChanges: apiId.then(id =>
      id
        ? get('cloudtrail:LookupEvents', () => ports.cloudtrail.lastPolicyChange(id, since))
        : Promise.resolve(notCollected('the API id is unknown')),
    ),
    // The Lambda integration's resource policy (account B), once the route is known.
    integrationPermission: Promise.all([resources, target]).then(([res, t]) => lambdaPermission(res, t, ctx)),
  }
}

async function lambdaPermission(
  resources: Collected<readonly ResourceFacts[]>,
  t: TargetFacts,
  { ports, get }: CollectContext,
): Promise<Collected<LambdaPermissionFacts>> {
  if (resources.status !== 'ok') return notCollected('the resources could not be read')
  const r = t.resourcePath !== undefined ? matchResource(resources.value, t.resourcePath) : undefined
  const m = r?.methods[t.method.toUpperCase()] ?? r?.methods.ANY
  const fn = m?.integration?.uri?.match(
    /\/functions\/(arn:[^/]+:lambda:[^/]+:function:[^/]+?)\/invocations/,
  )?.[1]
  if (!fn) return notCollected('the method has no Lambda integration')
  const policy = await get(`lambda:GetPolicy`, () => ports.apiLambda.functionPolicy(fn))
  return policy.status === 'ok' ? ok({ functionArn: fn, policy: policy.value }) : policy
}

/** `snapshot.api`, once its reads (and the identities, for the cross-account hint) are in. */
export async function apiSection(
  { req }: CollectContext,
  reads: ApiReads & DomainReads & Pick<IdentityReads, 'identity' | 'apiIdentity'>,
): Promise<ApiSideFacts> {
  const r = await allNamed({
    restApi: reads.restApi,
    stages: reads.stages,
    deployment: reads.deployment,
    resources: reads.resources,
    authorizers: reads.authorizers,
    usagePlans: reads.usagePlans,
    policyChanges: reads.policyChanges,
    integrationPermission: reads.integrationPermission,
    domain: reads.domain,
    identity: reads.identity,
    apiIdentity: reads.apiIdentity,
  })
  return {
    identity: identityOf(r.apiIdentity),
    readWith: req.apiReadWith,
    restApi:
      r.restApi.status === 'not-found' && req.apiReadWith === 'caller-credentials'
        ? {
            status: 'not-found',
            message: `not in the caller's account (${valueOf(r.identity)?.identity.account ?? '?'}): a cross-account API needs --api-profile or --api-role-arn`,
          }
        : r.restApi,
    stages: r.stages,
    deployment: r.deployment,
    resources: r.resources,
    authorizers: r.authorizers,
    usagePlans: r.usagePlans,
    policyChanges: r.policyChanges,
    integrationPermission: r.integrationPermission,
    ...(r.domain ? { customDomain: r.domain } : {}),
  }
}
