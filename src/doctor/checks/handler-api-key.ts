import { fail, pass, skipped, unknownFrom, warn, type Check } from '../finding.js'

/** Hop 8: a method that requires an API key is in a usage plan for the stage (row 38). */
export const handlerApiKey: Check = {
  id: 'handler.api-key',
  hop: 8,
  title: 'an API key requirement can be met (the stage is in a usage plan)',
  rows: [38],
  run(s, d) {
    if (d.method.status !== 'ok') return skipped('no method to inspect (see handler.route-exists)')
    const m = d.method.value.method
    if (!m.apiKeyRequired)
      return pass(`${d.method.value.matchedAs} ${d.method.value.resource.path} does not require an API key`)
    const stage = d.route.status === 'ok' ? d.route.value.stage : '?'
    const plans = s.api.usagePlans
    if (plans.status !== 'ok') return unknownFrom('the usage plans', plans)
    const apiId = d.apiId ?? ''
    const inPlan = plans.value.filter(p => p.apiStages.some(a => a.apiId === apiId && a.stage === stage))
    if (inPlan.length === 0) {
      return fail(
        `the method requires an API key but no usage plan includes ${apiId}/${stage}: every call gets 403 Forbidden`,
        `aws apigateway create-usage-plan --name ${apiId}-${stage} --api-stages apiId=${apiId},stage=${stage} --region ${s.target.region}\naws apigateway create-usage-plan-key --usage-plan-id PLAN_ID --key-id KEY_ID --key-type API_KEY --region ${s.target.region}`,
        [`usage plans: ${plans.value.map(p => p.name ?? p.id).join(', ') || 'none'}`],
        `${apiId}/${stage}`,
      )
    }
    return warn(
      `the method requires an API key: the request must send x-api-key with a key of usage plan ${inPlan.map(p => p.name ?? p.id).join(' or ')} (else 403 Forbidden)`,
      `pvapi call ${s.target.url} -H 'x-api-key: KEY'   # key: aws apigateway get-usage-plan-keys --usage-plan-id ${inPlan[0]!.id} --region ${s.target.region}`,
      [],
      `${apiId}/${stage}`,
    )
  },
}
