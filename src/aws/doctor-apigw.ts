import {
  APIGatewayClient,
  GetAuthorizersCommand,
  GetBasePathMappingsCommand,
  GetDeploymentCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStagesCommand,
  GetUsagePlansCommand,
  type DomainName,
  type Method,
} from '@aws-sdk/client-api-gateway'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { DomainNameFacts, MethodFacts } from '../doctor/snapshot.js'
import { orMissing } from './collect/attempt.js'
import type { ApiGatewayPort } from './collect/ports.js'
import { bounded, clientConfig, type DoctorLimits, iso, parsePolicyText } from './doctor-client-config.js'

/** Follow `position` to the end (bounded). */
async function positions<T>(
  fetch: (position: string | undefined) => Promise<{ items: T[]; position?: string | undefined }>,
): Promise<T[]> {
  const all: T[] = []
  let position: string | undefined
  for (let i = 0; i < 100; i++) {
    const out = await fetch(position)
    all.push(...out.items)
    if (!out.position || out.position === position) break
    position = out.position
  }
  return all
}

/** `undefined` for NotFoundException, the value otherwise. */
function methodFacts(m: Method, key: string): MethodFacts {
  const i = m.methodIntegration
  return {
    httpMethod: m.httpMethod ?? key,
    ...(m.authorizationType ? { authorizationType: m.authorizationType } : {}),
    ...(m.authorizerId ? { authorizerId: m.authorizerId } : {}),
    ...(typeof m.apiKeyRequired === 'boolean' ? { apiKeyRequired: m.apiKeyRequired } : {}),
    ...(i
      ? {
          integration: {
            ...(i.type ? { type: String(i.type) } : {}),
            ...(i.uri ? { uri: i.uri } : {}),
            ...(i.credentials ? { credentials: i.credentials } : {}),
            ...(i.connectionType ? { connectionType: String(i.connectionType) } : {}),
            ...(i.responseTransferMode ? { responseTransferMode: String(i.responseTransferMode) } : {}),
            ...(typeof i.timeoutInMillis === 'number' ? { timeoutInMillis: i.timeoutInMillis } : {}),
          },
        }
      : {}),
  }
}

function domainFacts(d: DomainName, name: string): DomainNameFacts {
  const policy = parsePolicyText(d.policy)
  const managementPolicy = parsePolicyText(d.managementPolicy)
  return {
    domainName: d.domainName ?? name,
    ...(d.domainNameId ? { domainNameId: d.domainNameId } : {}),
    ...(d.domainNameArn ? { domainNameArn: d.domainNameArn } : {}),
    endpointTypes: (d.endpointConfiguration?.types ?? []).map(String),
    ...(policy !== undefined ? { policy } : {}),
    ...(managementPolicy !== undefined ? { managementPolicy } : {}),
    ...(d.domainNameStatus ? { status: String(d.domainNameStatus) } : {}),
    ...tlsAndRouting(d),
  }
}

/** Security policy, endpoint access mode (2025) and, for domains, the routing mode. */
function tlsAndRouting(x: {
  securityPolicy?: string | undefined
  endpointAccessMode?: string | undefined
  routingMode?: string | undefined
}): { securityPolicy?: string; endpointAccessMode?: string; routingMode?: string } {
  return {
    ...(x.securityPolicy ? { securityPolicy: String(x.securityPolicy) } : {}),
    ...(x.endpointAccessMode ? { endpointAccessMode: String(x.endpointAccessMode) } : {}),
    ...(x.routingMode ? { routingMode: String(x.routingMode) } : {}),
  }
}

/** API Gateway GET reads (all covered by `apigateway:GET`). */
export function apigwPort(
  region: string,
  credentials: AwsCredentialIdentity,
  limits?: DoctorLimits,
): ApiGatewayPort {
  const client = bounded(new APIGatewayClient(clientConfig(region, credentials, limits)), limits?.signal)
  return {
    restApi: restApiId =>
      orMissing(async () => {
        const a = await client.send(new GetRestApiCommand({ restApiId }))
        const policy = parsePolicyText(a.policy)
        const created = iso(a.createdDate)
        return {
          id: a.id ?? restApiId,
          ...(a.name ? { name: a.name } : {}),
          endpointTypes: (a.endpointConfiguration?.types ?? []).map(String),
          vpcEndpointIds: a.endpointConfiguration?.vpcEndpointIds ?? [],
          ...(policy !== undefined ? { policy } : {}),
          ...(a.tags ? { tags: a.tags } : {}),
          ...(typeof a.disableExecuteApiEndpoint === 'boolean'
            ? { disableExecuteApiEndpoint: a.disableExecuteApiEndpoint }
            : {}),
          ...(created ? { createdDate: created } : {}),
          ...tlsAndRouting(a),
          ...(a.endpointConfiguration?.ipAddressType
            ? { ipAddressType: String(a.endpointConfiguration.ipAddressType) }
            : {}),
        }
      }),
    async stages(restApiId) {
      const out = await client.send(new GetStagesCommand({ restApiId }))
      return (out.item ?? [])
        .filter(s => s.stageName)
        .map(s => {
          const created = iso(s.createdDate)
          const updated = iso(s.lastUpdatedDate)
          return {
            stageName: s.stageName!,
            ...(s.deploymentId ? { deploymentId: s.deploymentId } : {}),
            ...(created ? { createdDate: created } : {}),
            ...(updated ? { lastUpdatedDate: updated } : {}),
          }
        })
    },
    deployment: (restApiId, deploymentId) =>
      orMissing(async () => {
        const d = await client.send(
          new GetDeploymentCommand({ restApiId, deploymentId, embed: ['apisummary'] }),
        )
        const created = iso(d.createdDate)
        return {
          id: d.id ?? deploymentId,
          ...(created ? { createdDate: created } : {}),
          ...(d.apiSummary ? { apiSummary: d.apiSummary } : {}),
        }
      }),
    async resources(restApiId) {
      const items = await positions(async position => {
        const out = await client.send(
          new GetResourcesCommand({
            restApiId,
            embed: ['methods'],
            limit: 500,
            ...(position ? { position } : {}),
          }),
        )
        return { items: out.items ?? [], position: out.position }
      })
      return items
        .filter(r => r.id && r.path)
        .map(r => ({
          id: r.id!,
          path: r.path!,
          methods: Object.fromEntries(
            Object.entries(r.resourceMethods ?? {}).map(([k, m]) => [k.toUpperCase(), methodFacts(m, k)]),
          ),
        }))
    },
    async authorizers(restApiId) {
      const items = await positions(async position => {
        const out = await client.send(
          new GetAuthorizersCommand({ restApiId, limit: 500, ...(position ? { position } : {}) }),
        )
        return { items: out.items ?? [], position: out.position }
      })
      return items
        .filter(a => a.id)
        .map(a => ({
          id: a.id!,
          ...(a.name ? { name: a.name } : {}),
          ...(a.type ? { type: String(a.type) } : {}),
          ...(a.authorizerUri ? { authorizerUri: a.authorizerUri } : {}),
          ...(a.identitySource ? { identitySource: a.identitySource } : {}),
        }))
    },
    async usagePlans() {
      const items = await positions(async position => {
        const out = await client.send(
          new GetUsagePlansCommand({ limit: 500, ...(position ? { position } : {}) }),
        )
        return { items: out.items ?? [], position: out.position }
      })
      return items
        .filter(p => p.id)
        .map(p => ({
          id: p.id!,
          ...(p.name ? { name: p.name } : {}),
          apiStages: (p.apiStages ?? [])
            .filter(s => s.apiId && s.stage)
            .map(s => ({ apiId: s.apiId!, stage: s.stage! })),
        }))
    },
    async domainNames(name) {
      const items = await positions(async position => {
        const out = await client.send(
          new GetDomainNamesCommand({ resourceOwner: 'SELF', limit: 500, ...(position ? { position } : {}) }),
        )
        return { items: out.items ?? [], position: out.position }
      })
      return items.filter(d => d.domainName === name).map(d => domainFacts(d, name))
    },
    domainName: (domainName, domainNameId) =>
      orMissing(async () =>
        domainFacts(
          await client.send(
            new GetDomainNameCommand({ domainName, ...(domainNameId ? { domainNameId } : {}) }),
          ),
          domainName,
        ),
      ),
    async basePathMappings(domainName, domainNameId) {
      const items = await positions(async position => {
        const out = await client.send(
          new GetBasePathMappingsCommand({
            domainName,
            ...(domainNameId ? { domainNameId } : {}),
            limit: 500,
            ...(position ? { position } : {}),
          }),
        )
        return { items: out.items ?? [], position: out.position }
      })
      return items
        .filter(m => m.restApiId)
        .map(m => ({
          basePath: m.basePath ?? '(none)',
          restApiId: m.restApiId!,
          ...(m.stage ? { stage: m.stage } : {}),
        }))
    },
    async accessAssociations(resourceOwner) {
      const items = await positions(async position => {
        const out = await client.send(
          new GetDomainNameAccessAssociationsCommand({
            resourceOwner,
            limit: 500,
            ...(position ? { position } : {}),
          }),
        )
        return { items: out.items ?? [], position: out.position }
      })
      return items
        .filter(a => a.domainNameArn && a.accessAssociationSource)
        .map(a => ({
          ...(a.domainNameAccessAssociationArn ? { arn: a.domainNameAccessAssociationArn } : {}),
          domainNameArn: a.domainNameArn!,
          sourceType: String(a.accessAssociationSourceType ?? 'VPCE'),
          source: a.accessAssociationSource!,
        }))
    },
  }
}
