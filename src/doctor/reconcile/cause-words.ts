/**
 * The likely causes (causes.ts) as sentences, with the command that checks or fixes each: why
 * the wire stops where the configuration allows, and why it gets through where it says no.
 */
import { patchOps } from '../check-helpers.js'
import type { Derived } from '../derive.js'
import { valueOf, type DoctorSnapshot, type ProbeFacts } from '../snapshot.js'
import type { PassCause } from './causes.js'
import type { StopCauseFacts } from './decision.js'

export const CLOCK_FIX =
  'sudo chronyc makestep (or enable NTP / the Amazon Time Sync Service 169.254.169.123)'

export const stageOf = (d: Derived): string => (d.route.status === 'ok' ? d.route.value.stage : 'STAGE')

/** What every sentence may draw on. */
export interface WordsContext {
  readonly s: DoctorSnapshot
  readonly d: Derived
  readonly facts: ProbeFacts
}

const names = (ids: readonly string[]): string => ids.join(', ')

/** Why the wire stops where the configuration allows, and what to run. */
export function stopCauseWords(c: StopCauseFacts, ctx: WordsContext): { text: string; fix: string } {
  const { s, d, facts } = ctx
  const region = `--region ${s.target.region}`
  const api = d.apiId ?? 'API_ID'
  const stage = stageOf(d)
  const ep = valueOf(d.endpoint)
  const unread = c.unread ? ` (${c.unread.id} would show it, but: ${c.unread.summary})` : ''
  switch (c.cause) {
    case 'endpoint-configuration-differs':
      return {
        text: 'API Gateway refused before authorization although the API reads as PRIVATE and reachable: the deployed endpoint configuration differs, the name addresses another API, or an access association / API key is missing',
        fix: [
          `aws apigateway get-rest-api --rest-api-id ${api} ${region} --query endpointConfiguration`,
          `aws apigateway create-deployment --rest-api-id ${api} --stage-name ${stage} ${region}`,
        ].join('\n'),
      }
    case 'policy-not-deployed':
      return {
        text: `the resource policy enforced differs from the one read: it changed after the last deployment (a policy takes effect only when deployed), so the live one is older${unread}${c.lookbackSince ? `; CloudTrail shows no policy change since ${c.lookbackSince}, so that change must predate its 90-day lookback` : ''}`,
        fix: [
          '# deploy the policy that was read; then probe again:',
          `aws apigateway create-deployment --rest-api-id ${api} --stage-name ${stage} ${region}`,
        ].join('\n'),
      }
    case 'endpoint-policy-changed':
      return {
        text: `the endpoint policy of ${ep?.id ?? 'the endpoint'} read allows, but the wire names the VPC endpoint policy: it changed since it was read, or another endpoint carried the request`,
        fix: `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${ep?.id ?? 'VPCE_ID'} --query 'VpcEndpoints[0].PolicyDocument' ${region}`,
      }
    case 'identity-policy-changed':
      return {
        text: `the identity policies read allow ${facts.principal ?? 'the caller'}, but the wire denies at IAM: a policy, boundary or SCP changed or is not visible to the doctor (--scp FILE)`,
        fix: `aws iam simulate-principal-policy --policy-source-arn ${valueOf(s.caller.role)?.arn ?? 'ROLE_ARN'} --action-names execute-api:Invoke --resource-arns ${d.methodArn ?? 'METHOD_ARN'}`,
      }
    case 'route-not-live':
      return {
        text: 'the configuration shows the route in the stage, but the live stage does not serve it: deployed after the read, or another stage/API answers',
        fix: `aws apigateway create-deployment --rest-api-id ${api} --stage-name ${stage} ${region}`,
      }
    case 'authorizer-denies':
      return {
        text: 'the Lambda authorizer denies this request (its decision is only known at run time)',
        fix: 'check the authorizer function logs (CloudWatch) for this request id',
      }
    case 'integration-fails':
      return {
        text: 'the integration fails at run time (the configuration cannot show backend failures)',
        fix: [
          '# enable execution logs:',
          `aws apigateway update-stage --rest-api-id ${api} --stage-name ${stage} ${region} ${patchOps([{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }])}`,
        ].join('\n'),
      }
    case 'clock-jumped':
      return {
        text: c.unread
          ? `the clock is off by more than 5 minutes${unread}`
          : 'the clock is off by more than 5 minutes now although it was within limits at collection: it jumped (VM resume, NTP step)',
        fix: CLOCK_FIX,
      }
    case 'credentials-changed':
      return {
        text: 'the credentials worked for STS at collection but not for the API now: the session expired or was revoked in between',
        fix: 'refresh the credentials and run the doctor again',
      }
    case 'signature-rejected':
      return {
        text: 'the signature pvapi computed was rejected through this name form (Host and x-apigw-api-id must match what was signed)',
        fix: 'use the private DNS name or the {api}-{vpce} alias, or pvapi call -v to see the canonical request',
      }
    case 'unexplained':
      return { text: 'unexplained by the configuration', fix: 'run the doctor again' }
  }
}

/** Why a request got through a hop the configuration says fails. */
export function passCauseWords(
  cause: PassCause,
  fails: readonly string[],
  ctx: WordsContext,
): { text: string; fix: string } {
  const { s, facts } = ctx
  switch (cause) {
    case 'deployed-policy-older':
      return {
        text: 'the deployed resource policy still allows: the policy read was changed after the last deployment and is not live yet; the next deployment will break the call',
        fix: `fix the resource policy before the next deployment (see ${fails[0]})`,
      }
    case 'rules-changed':
      return {
        text: `${facts.vantage?.kind === 'caller-subnet' ? "this host shares the caller's subnet but maybe not its security groups; " : ''}the rules changed since they were read, or the evaluation misses a rule`,
        fix: `compare with the rules the checks name (${names(fails)}) and run the doctor again`,
      }
    case 'principal-differs':
      return {
        text: `the probe signs as ${facts.principal ?? "the doctor's identity"}, whose policies may differ from the caller's; or a policy changed since it was read`,
        fix: `see ${fails[0]}`,
      }
    case 'stage-differs':
      return {
        text: 'the live stage differs from the configuration read (deployed since?)',
        fix: `see ${fails[0]}`,
      }
    case 'configuration-differs':
      return {
        text: `the configuration read differs from what is live (${s.collectedAt})`,
        fix: `see ${fails[0]}`,
      }
  }
}
