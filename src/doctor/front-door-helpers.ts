/**
 * Pieces the front-door checks share (src/doctor/checks/frontdoor-*.ts): the facts or the
 * reason a check does not apply, the integration URI, and the fix commands that patch the
 * front-door integration. Pure.
 */
import { patchOps } from './check-helpers.js'
import type { FrontDoorFacts, FrontDoorIntegrationFacts } from './front-door-facts.js'
import { skipped, type CheckOutcome } from './outcome.js'
import type { DoctorSnapshot } from './snapshot.js'

/** The front-door facts, or the `skipped` outcome for every other caller. */
export function frontDoorOf(s: DoctorSnapshot): FrontDoorFacts | CheckOutcome {
  return s.frontDoor ?? skipped('no front door (--from-api, --vpc-link)')
}

export const isOutcome = (x: FrontDoorFacts | CheckOutcome): x is CheckOutcome => 'status' in x

/** The integration URI parsed, or undefined. */
export function uriOf(i: FrontDoorIntegrationFacts | undefined): URL | undefined {
  try {
    return i?.uri ? new URL(i.uri) : undefined
  } catch {
    return undefined
  }
}

/** `--rest-api-id … --resource-id … --http-method …` of the front-door method, when known. */
export function frontMethodArgs(fd: FrontDoorFacts): string | undefined {
  if (!fd.restApiId || fd.resource.status !== 'ok') return undefined
  return `--rest-api-id ${fd.restApiId} --resource-id ${fd.resource.value.id} --http-method ${fd.method ?? 'GET'}`
}

/** `aws apigateway update-integration` of the front-door method with these operations, then the redeploy. */
export function updateIntegrationLines(
  fd: FrontDoorFacts,
  ops: ReadonlyArray<{ readonly op: string; readonly path: string; readonly value?: string }>,
): string[] {
  const args = frontMethodArgs(fd)
  if (!args) return []
  return [
    `aws apigateway update-integration ${args} --region ${fd.region} ${patchOps(ops)}`,
    '# the change reaches callers with a new deployment of the front-door stage:',
    `aws apigateway create-deployment --rest-api-id ${fd.restApiId} --stage-name ${fd.stage ?? 'STAGE'} --region ${fd.region}`,
    ...(fd.stage
      ? []
      : [`# STAGE: the front door's stage (aws apigateway get-stages --rest-api-id ${fd.restApiId})`]),
  ]
}

/** The request-parameter path of the x-apigw-api-id header mapping. */
export const API_ID_HEADER_PATH = '/requestParameters/integration.request.header.x-apigw-api-id'
