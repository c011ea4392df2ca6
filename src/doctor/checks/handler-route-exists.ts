import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'

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
        `fix the URL path or method, or add the route: aws apigateway put-method … then aws apigateway create-deployment --rest-api-id ${d.apiId ?? 'API_ID'} --stage-name ${d.route.status === 'ok' ? d.route.value.stage : 'STAGE'} --region ${s.target.region}`,
        [`resources: ${paths.join('; ')}`],
        d.apiId,
      )
    }
    if (d.route.status === 'not-found')
      return skipped('the URL maps to no stage (see domain.base-path-mapping)')
    return unknownFrom('the route', m, ['--api-profile/--api-role-arn'])
  },
}
