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
        [
          `aws apigateway create-usage-plan --name ${apiId}-${stage} --api-stages apiId=${apiId},stage=${stage} --region ${s.target.region}`,
          '# USAGE_PLAN_ID: the id create-usage-plan prints',
          `aws apigateway create-api-key --name ${apiId}-${stage}-caller --enabled --region ${s.target.region}`,
          `# API_KEY_ID: the id create-api-key prints (or an existing key's: aws apigateway get-api-keys --region ${s.target.region}); the caller sends its value in x-api-key`,
          `aws apigateway create-usage-plan-key --usage-plan-id USAGE_PLAN_ID --key-id API_KEY_ID --key-type API_KEY --region ${s.target.region}`,
        ].join('\n'),
        [`usage plans: ${plans.value.map(p => p.name ?? p.id).join(', ') || 'none'}`],
        `${apiId}/${stage}`,
      )
    }
    return warn(
      `the method requires an API key: the request must send x-api-key with a key of usage plan ${inPlan.map(p => p.name ?? p.id).join(' or ')} (else 403 Forbidden)`,
      [
        `# send a key of usage plan ${inPlan[0]!.id} in x-api-key; the plan's keys:`,
        `aws apigateway get-usage-plan-keys --usage-plan-id ${inPlan[0]!.id} --region ${s.target.region}`,
        `pvapi call ${s.target.url} -H 'x-api-key: API_KEY_VALUE'`,
        `# API_KEY_VALUE: aws apigateway get-api-key --api-key API_KEY_ID --include-value --query value --region ${s.target.region}`,
      ].join('\n'),
      [],
      `${apiId}/${stage}`,
    )
  },
}
