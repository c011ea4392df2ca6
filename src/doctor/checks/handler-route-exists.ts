import { redeployLines, regionFlag } from '../check-helpers.js'
import type { Derived } from '../derive.js'
import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'
import { valueOf, type DoctorSnapshot, type ResourceFacts } from '../snapshot.js'

/** Usually the URL is wrong; otherwise the commands that add the method (and its resource). */
function addRouteFix(s: DoctorSnapshot, d: Derived, resources: readonly ResourceFacts[]): string {
  const apiId = d.apiId ?? s.target.apiId ?? 'API_ID'
  const route = valueOf(d.route)
  const path = route?.resourcePath ?? '/'
  const method = s.target.method.toUpperCase()
  const r = regionFlag(s)
  const existing = resources.find(x => x.path === path)
  const parentPath = path.replace(/\/[^/]*$/, '') || '/'
  const parent = resources.find(x => x.path === parentPath)
  const lines = [`# check the URL's path and method first; to add ${method} ${path}:`]
  let resourceId = existing?.id
  if (!existing) {
    lines.push(
      `aws apigateway create-resource --rest-api-id ${apiId} --parent-id ${parent?.id ?? 'PARENT_ID'} --path-part ${path.split('/').pop() || 'PATH_PART'} ${r}`,
    )
    if (!parent)
      lines.push(
        `# PARENT_ID: the id of ${parentPath}, created the same way (aws apigateway get-resources --rest-api-id ${apiId} ${r})`,
      )
    lines.push('# RESOURCE_ID: the id create-resource prints')
    resourceId = 'RESOURCE_ID'
  }
  lines.push(
    `aws apigateway put-method --rest-api-id ${apiId} --resource-id ${resourceId} --http-method ${method} --authorization-type AWS_IAM ${r}`,
    `aws apigateway put-integration --rest-api-id ${apiId} --resource-id ${resourceId} --http-method ${method} --type AWS_PROXY --integration-http-method POST --uri INTEGRATION_URI ${r}`,
    `# INTEGRATION_URI: the backend, e.g. arn:aws:apigateway:${s.target.region}:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations (use the authorization type and integration of the API's other methods)`,
    ...(apiId === 'API_ID' ? ['# API_ID: the REST API id (aws apigateway get-rest-apis)'] : []),
    ...redeployLines(s, apiId, route?.stage),
  )
  return lines.join('\n')
}

/** Hop 8: a resource and method match the request's path and method (row 2). */
export const handlerRouteExists: Check = {
  id: 'handler.route-exists',
  hop: 8,
  title: 'a resource and method match the request path and method',
  rows: [2],
  run(s, d) {
    const m = d.method
    if (m.status === 'ok') {
      return pass(
        `${s.target.method.toUpperCase()} ${d.route.status === 'ok' ? d.route.value.resourcePath : ''} matches ${m.value.matchedAs} ${m.value.resource.path} (resource ${m.value.resource.id})`,
      )
    }
    if (m.status === 'not-found' && s.api.resources.status === 'ok') {
      const paths = s.api.resources.value.map(r => `${r.path} [${Object.keys(r.methods).join(',')}]`)
      return fail(
        `${m.message ?? 'no matching route'}: API Gateway answers 403 "Missing Authentication Token"`,
        addRouteFix(s, d, s.api.resources.value),
        [`resources: ${paths.join('; ')}`],
        d.apiId,
      )
    }
    if (d.route.status === 'not-found')
      return skipped('the URL maps to no stage (see domain.base-path-mapping)')
    return unknownFrom('the route', m, ['--api-profile/--api-role-arn'])
  },
}
