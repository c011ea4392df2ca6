import { fail, pass, skipped, unknown, unknownFrom, warn, type Check } from '../finding.js'

/** Hop 8: the stage's deployment contains the route, as it is configured now (row 2). */
export const handlerRouteDeployed: Check = {
  id: 'handler.route-deployed',
  hop: 8,
  title: "the stage's deployment contains the route (changes since are not live)",
  rows: [2],
  run(s, d) {
    if (d.method.status !== 'ok') return skipped('no route to look for (see handler.route-exists)')
    const dep = s.api.deployment
    if (dep.status !== 'ok') return unknownFrom("the stage's deployment", dep)
    const summary = dep.value.apiSummary
    if (!summary)
      return unknown(`deployment ${dep.value.id} came without its API summary`, [
        'apigateway:GET on /restapis/*/deployments/* (embed=apisummary)',
      ])
    const { resource, matchedAs, method } = d.method.value
    const stage = d.route.status === 'ok' ? d.route.value.stage : 'STAGE'
    const redeploy = `aws apigateway create-deployment --rest-api-id ${d.apiId ?? 'API_ID'} --stage-name ${stage} --region ${s.target.region}`
    const deployed = summary[resource.path]?.[matchedAs]
    if (!deployed) {
      return fail(
        `${matchedAs} ${resource.path} exists but is not in deployment ${dep.value.id} served by stage ${stage}${dep.value.createdDate ? ` (deployed ${dep.value.createdDate})` : ''}: API Gateway answers 403 "Missing Authentication Token"`,
        redeploy,
        [
          `deployed routes: ${Object.entries(summary)
            .map(([p, ms]) => `${p} [${Object.keys(ms).join(',')}]`)
            .join('; ')}`,
        ],
        `${d.apiId}/${stage}`,
      )
    }
    const drift: string[] = []
    if (
      deployed.authorizationType &&
      method.authorizationType &&
      deployed.authorizationType !== method.authorizationType
    )
      drift.push(`authorization ${deployed.authorizationType} live, ${method.authorizationType} configured`)
    if (
      deployed.apiKeyRequired !== undefined &&
      method.apiKeyRequired !== undefined &&
      deployed.apiKeyRequired !== method.apiKeyRequired
    )
      drift.push(`API key required ${deployed.apiKeyRequired} live, ${method.apiKeyRequired} configured`)
    if (drift.length > 0)
      return warn(
        `${matchedAs} ${resource.path} changed since deployment ${dep.value.id}: ${drift.join('; ')}`,
        redeploy,
        [],
        `${d.apiId}/${stage}`,
      )
    return pass(`${matchedAs} ${resource.path} is deployed in ${dep.value.id}`)
  },
}
