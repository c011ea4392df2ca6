import { evaluatePolicy } from '../../policy/index.js'
import { redeployLines } from '../check-helpers.js'
import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * `arn:aws:lambda:…:function:NAME[:QUALIFIER]` inside an API Gateway Lambda integration URI:
 * `…/2015-03-31/functions/ARN/invocations`, or `…/2021-11-15/functions/ARN/response-streaming-invocations`
 * for a streaming integration (InvokeWithResponseStream; the same resource policy applies).
 */
export function lambdaArnOfUri(uri: string | undefined): string | undefined {
  return uri?.match(
    /\/functions\/(arn:[^/]+:lambda:[^/]+:function:[^/]+?)\/(?:response-streaming-)?invocations/,
  )?.[1]
}

/**
 * Hop 8: the method has an integration and, for a Lambda integration without a credentials
 * role, the function's resource policy lets API Gateway invoke it (row 39: a 500 "Internal
 * server error", "Invalid permissions on Lambda function" in the execution log).
 */
export const handlerIntegration: Check = {
  id: 'handler.integration',
  hop: 8,
  title: 'the method has an integration, and a Lambda integration may invoke its function',
  rows: [39],
  run(s, d) {
    if (d.method.status !== 'ok') return skipped('no method to inspect (see handler.route-exists)')
    const { method, matchedAs, resource } = d.method.value
    const integ = method.integration
    const apiId = d.apiId ?? 'API_ID'
    if (!integ) {
      return fail(
        `${matchedAs} ${resource.path} has no integration: API Gateway answers 500 Internal server error`,
        [
          `aws apigateway put-integration --rest-api-id ${apiId} --resource-id ${resource.id} --http-method ${matchedAs} --type AWS_PROXY --integration-http-method POST --uri INTEGRATION_URI --region ${s.target.region}`,
          `# INTEGRATION_URI: the backend, e.g. arn:aws:apigateway:${s.target.region}:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations`,
          // Stryker disable next-line OptionalChaining: the route is read whenever the method is
          ...redeployLines(s, apiId, valueOf(d.route)?.stage),
        ].join('\n'),
        [],
        resource.id,
      )
    }
    const fn = lambdaArnOfUri(integ.uri)
    if (!fn)
      return pass(
        `${integ.type ?? 'integration'} ${integ.uri ?? integ.connectionType ?? ''}`.trim() +
          ' (backend health shows only at run time)',
      )
    if (integ.credentials) return pass(`Lambda integration ${fn} invoked with the role ${integ.credentials}`)
    const perm = s.api.integrationPermission
    if (perm.status !== 'ok') return unknownFrom(`the resource policy of ${fn}`, perm)
    // The request's own ARN (…/GET/items/42), and the one with the resource's path template
    // (…/GET/items/{id}): a permission may name either.
    const sourceArns = d.methodArn
      ? [d.methodArn, `${d.methodArn.split('/').slice(0, 3).join('/')}${resource.path}`]
      : []
    const fix = `aws lambda add-permission --function-name ${fn} --statement-id apigateway-${apiId}-invoke --action lambda:InvokeFunction --principal apigateway.amazonaws.com --source-arn 'arn:aws:execute-api:${s.target.region}:${d.apiAccount?.account ?? '*'}:${apiId}/*/*/*' --region ${s.target.region}`
    if (!perm.value.policy)
      return fail(
        `${fn} has no resource policy: API Gateway cannot invoke it (500, "Invalid permissions on Lambda function")`,
        fix,
        [],
        fn,
      )
    // Evaluated for each source ARN a permission may name; without the API's ARN, with none.
    let decisions: string[]
    try {
      decisions = (sourceArns.length ? sourceArns : ['']).map(
        sourceArn =>
          evaluatePolicy(
            perm.value.policy!,
            {
              principal: 'apigateway.amazonaws.com',
              action: 'lambda:InvokeFunction',
              resource: fn,
              context: {
                ...(sourceArn ? { 'aws:SourceArn': sourceArn } : {}),
                ...(d.apiAccount ? { 'aws:SourceAccount': d.apiAccount.account } : {}),
              },
            },
            { kind: 'resource', source: `${fn} policy` },
          ).decision,
      )
    } catch (err) {
      return unknownFrom(`the resource policy of ${fn}`, {
        status: 'error',
        message: err instanceof Error ? err.message : String(err),
      })
    }
    if (decisions.includes('allow')) return pass(`${fn} lets API Gateway invoke it for this API`)
    return fail(
      `${fn}'s resource policy does not let API Gateway invoke it for ${apiId} (${decisions.at(-1)}): 500, "Invalid permissions on Lambda function"`,
      fix,
      [`source ARN ${sourceArns[0] ?? '?'}`],
      fn,
    )
  },
}
