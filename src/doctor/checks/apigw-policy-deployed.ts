import { fail, pass, skipped, unknownFrom, warn, type Check } from '../finding.js'

/**
 * Hop 6: the resource policy has not changed since the stage's deployment; a policy change
 * only takes effect when the API is deployed again (row 30). Changes come from CloudTrail
 * (UpdateRestApi/PutRestApi touching /policy).
 */
export const apigwPolicyDeployed: Check = {
  id: 'apigw.policy-deployed',
  hop: 6,
  title: "the resource policy did not change after the stage's last deployment",
  rows: [30],
  run(s, d) {
    const input = d.policy.inputs.resource
    if (input.state === 'supplied') return skipped('the resource policy was supplied in a file')
    const changes = s.api.policyChanges
    if (changes.status !== 'ok') return unknownFrom('when the resource policy last changed', changes)
    const last = changes.value.lastChange
    if (!last) return pass(`no resource policy change in CloudTrail since ${changes.value.since}`)
    const dep = s.api.deployment
    if (dep.status !== 'ok' || !dep.value.createdDate)
      return dep.status !== 'ok'
        ? unknownFrom("the stage's deployment", dep)
        : unknownFrom("the deployment's date", { status: 'error', message: 'no createdDate' })
    const stage = d.route.status === 'ok' ? d.route.value.stage : 'STAGE'
    const evidence = [
      `${last.eventName} touching /policy at ${last.eventTime}${last.user ? ` by ${last.user}` : ''}${last.eventId ? ` (CloudTrail event ${last.eventId})` : ''}`,
      `stage ${stage} serves deployment ${dep.value.id} created ${dep.value.createdDate}`,
    ]
    if (Date.parse(last.eventTime) <= Date.parse(dep.value.createdDate))
      return pass(`the policy change of ${last.eventTime} is deployed (${dep.value.createdDate})`, evidence)
    const fix = `aws apigateway create-deployment --rest-api-id ${d.apiId ?? 'API_ID'} --stage-name ${stage} --region ${s.target.region}`
    const allowsNow = d.policy.evaluation ? !d.policy.evaluation.blockedBy.includes('resource-policy') : false
    if (allowsNow) {
      return fail(
        `the resource policy changed at ${last.eventTime}, after stage ${stage}'s deployment (${dep.value.createdDate}): the stage still enforces the old policy, while the policy you see allows this call`,
        fix,
        evidence,
        `${d.apiId}/${stage}`,
      )
    }
    return warn(
      `the resource policy changed at ${last.eventTime}, after stage ${stage}'s deployment (${dep.value.createdDate}): the stage still enforces the old policy`,
      fix,
      evidence,
      `${d.apiId}/${stage}`,
    )
  },
}
