/**
 * API Gateway reads of the front-door API (`doctor --from-api`, account A): the method's
 * integration, its VPC link, and a stage's variables (a `${stageVariables.vpcLinkId}` connection
 * id). All covered by `apigateway:GET`; nothing here writes.
 */
import {
  APIGatewayClient,
  GetIntegrationCommand,
  GetStageCommand,
  GetVpcLinkCommand,
} from '@aws-sdk/client-api-gateway'
import type { AwsCredentialIdentity } from '@smithy/types'
import { orMissing } from './collect/attempt.js'
import type { FrontDoorApigwPort } from './collect/ports.js'
import { bounded, clientConfig, type DoctorLimits } from './doctor-client-config.js'

export function frontDoorApigwPort(
  region: string,
  credentials: AwsCredentialIdentity,
  limits?: DoctorLimits,
): FrontDoorApigwPort {
  const client = bounded(new APIGatewayClient(clientConfig(region, credentials, limits)), limits?.signal)
  return {
    integration: (restApiId, resourceId, httpMethod) =>
      orMissing(async () => {
        const i = await client.send(new GetIntegrationCommand({ restApiId, resourceId, httpMethod }))
        return {
          ...(i.type ? { type: String(i.type) } : {}),
          ...(i.connectionType ? { connectionType: String(i.connectionType) } : {}),
          ...(i.connectionId ? { connectionId: i.connectionId } : {}),
          ...(i.integrationTarget ? { integrationTarget: i.integrationTarget } : {}),
          ...(i.uri ? { uri: i.uri } : {}),
          ...(i.httpMethod ? { httpMethod: i.httpMethod } : {}),
          requestParameters: { ...(i.requestParameters ?? {}) },
          ...(typeof i.tlsConfig?.insecureSkipVerification === 'boolean'
            ? { insecureSkipVerification: i.tlsConfig.insecureSkipVerification }
            : {}),
        }
      }),
    vpcLink: vpcLinkId =>
      orMissing(async () => {
        const l = await client.send(new GetVpcLinkCommand({ vpcLinkId }))
        return {
          id: l.id ?? vpcLinkId,
          ...(l.name ? { name: l.name } : {}),
          ...(l.status ? { status: String(l.status) } : {}),
          ...(l.statusMessage ? { statusMessage: l.statusMessage } : {}),
          targetArns: l.targetArns ?? [],
        }
      }),
    stageVariables: (restApiId, stageName) =>
      orMissing(async () => {
        const st = await client.send(new GetStageCommand({ restApiId, stageName }))
        return { ...(st.variables ?? {}) }
      }),
  }
}
